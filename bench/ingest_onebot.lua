-- wrk script for bench/ingest.sh: a realistic OneBot v11 group-message mix over the demo
-- street. Every request is a new platform message (unique message_id across threads and runs),
-- so each one takes the full path: parse, normalise, classify, route, one committed transaction.
--   GG_GROUPS  comma-separated group ids (ingest.sh reads them from the config), spread evenly
--   RUN     a number unique to the run (ids never repeat across runs against one database)
-- The mix: 70% chit-chat (stored and ignored), 20% needs (a ticket, or joining the open one on
-- the same grid and topic, with outbox rows), 10% questions.
local groups = {}
for g in string.gmatch(os.getenv("GG_GROUPS") or "81000101", "[^,]+") do groups[#groups + 1] = g end
local run = tonumber(os.getenv("RUN") or "1")
local chat = {"大家早上好", "今天天气不错", "谢谢网格员", "哈哈哈", "收到", "好的", "晚上一起跳广场舞吗",
              "孩子放学了没", "楼下超市打折", "辛苦了"}
local needs = {"小区门口的垃圾两天没人清运了", "3号楼电梯坏了，困人了", "楼道灯不亮好几天了",
               "下水道堵了，污水漫出来了", "晚上广场舞太吵了", "路灯坏了"}
local questions = {"有人知道快递点几点关门吗", "停水到几点？"}

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local n = 0
function request()
  n = n + 1
  local t = tid or 1
  local id = run * 1000000000 + t * 100000000 + n
  local r = n % 10
  local text
  if r < 7 then text = chat[(n % #chat) + 1]
  elseif r < 9 then text = needs[(n % #needs) + 1]
  else text = questions[(n % #questions) + 1] end
  local group = groups[((n * 7 + t) % #groups) + 1]
  local user = 3900000 + (n * 13 + t) % 5000
  local body = string.format('{"post_type":"message","message_type":"group","sub_type":"normal",' ..
    '"time":%d,"self_id":10001,"group_id":%s,"user_id":%d,"message_id":%d,' ..
    '"message":"%s","raw_message":"%s","font":0,"sender":{"user_id":%d,"nickname":"居民%d","role":"member"}}',
    os.time(), group, user, id, text, text, user, user % 100)
  return wrk.format("POST", "/hooks/onebot", {["Content-Type"] = "application/json"}, body)
end

-- One machine-readable line per run for ingest.sh: requests, 2xx (wrk counts non-2xx/3xx as
-- status errors), socket errors, req/s and latency percentiles in ms.
function done(summary, latency, requests)
  local e = summary.errors
  local non2xx = e.status
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d ok=%d non2xx=%d sockerr=%d rps=%.0f p50=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.requests - non2xx, non2xx, sock,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
