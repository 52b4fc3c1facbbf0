#include "adapters/onebot/cq_code.h"

#include <gtest/gtest.h>

namespace gg {
namespace {

TEST(CqCode, EscapesPerSpec) {
  EXPECT_EQ(escapeCqText("- [x] 使用 `&data` 获取地址"), "- &#91;x&#93; 使用 `&amp;data` 获取地址");
  EXPECT_EQ(escapeCqParam("震惊,小伙"), "震惊&#44;小伙");
  EXPECT_EQ(escapeCqText("a,b"), "a,b");
  EXPECT_EQ(unescapeCq("&amp;#91;"), "&#91;");  // & is decoded last
  EXPECT_EQ(unescapeCq("&#91;x&#93;&#44;&amp;"), "[x],&");
}

TEST(CqCode, ParsesSpecArrayExample) {
  auto segs = parseCqString(
      "&#91;第一部分&#93;[CQ:image,file=123.jpg]图片之后的部分，表情：[CQ:face,id=123]");
  ASSERT_EQ(segs.size(), 4u);
  EXPECT_EQ(segs[0].type, "text");
  EXPECT_EQ(segs[0].data["text"], "[第一部分]");
  EXPECT_EQ(segs[1].type, "image");
  EXPECT_EQ(segs[1].data["file"], "123.jpg");
  EXPECT_EQ(segs[2].data["text"], "图片之后的部分，表情：");
  EXPECT_EQ(segs[3].type, "face");
  EXPECT_EQ(segs[3].data["id"], "123");
}

TEST(CqCode, SplitsParamsOnFirstEquals) {
  auto segs = parseCqString("[CQ:share,title=标题中有=等号,url=http://baidu.com]");
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].data["title"], "标题中有=等号");
  EXPECT_EQ(segs[0].data["url"], "http://baidu.com");
  auto esc = parseCqString(
      "[CQ:share,title=震惊&#44;小伙睡觉前居然...,url=http://baidu.com/?a=1&amp;b=2]");
  EXPECT_EQ(esc[0].data["title"], "震惊,小伙睡觉前居然...");
  EXPECT_EQ(esc[0].data["url"], "http://baidu.com/?a=1&b=2");
}

TEST(CqCode, UnterminatedCodeIsText) {
  auto segs = parseCqString("你好[CQ:at,qq=1");
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].data["text"], "你好[CQ:at,qq=1");
}

TEST(CqCode, EscapedTextNeverParsesAsCode) {
  std::string hostile = "[CQ:at,qq=all] 免费领取";
  auto segs = parseCqString(escapeCqText(hostile));
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0].type, "text");
  EXPECT_EQ(segs[0].data["text"], hostile);
}

TEST(CqCode, RenderRoundTrips) {
  CqSegment s{"share", {{"title", "a,b]"}, {"url", "x&y"}}};
  auto back = parseCqString(renderCq(s));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].data, s.data);
}

}  // namespace
}  // namespace gg
