#include "server/resident_page.h"

#include "core/text.h"

namespace gg {
namespace {

// Small enough to inline: the page is one request on a slow phone connection.
constexpr const char* kStyle = R"CSS(
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f6f8}
header,main,footer{max-width:640px;margin:0 auto;padding:12px 16px}header{background:#0b5cab;color:#fff;max-width:none}
header h1{margin:0;font-size:1.3rem}header p{margin:2px 0}section{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0}
h2{font-size:1.1rem;margin:0 0 8px}label{display:block;margin:8px 0 4px;font-weight:600}
input,textarea,select,button{width:100%;font:inherit;padding:10px;border:1px solid #888;border-radius:6px}
textarea{min-height:6em}button{margin-top:12px;background:#0b5cab;color:#fff;border:0;font-weight:600}
button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #f5a623;outline-offset:1px}
.notice{border-left:4px solid #0b5cab;padding-left:8px;margin:8px 0}.notice.urgent{border-color:#c62828}
.notice h3{font-size:1rem;margin:0}.answer{margin-top:8px;white-space:pre-wrap}ol{padding-left:1.2em}
)CSS";

constexpr const char* kScript = R"JS(
(function(){
var d=document,g=d.body.dataset;
function say(el,t){el.textContent=t;}
function err(st){return st===429?g.errBusy:st===404?g.errCode:st===409?g.errRating:(st>=400&&st<500)?g.errInput:g.errFailed;}
function post(url,body){return fetch(url,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)});}
function show(view){var out=d.getElementById('track-out');out.textContent='';
 [g.lStatus.replace('{state}',view.status_text),g.lLevel.replace('{level}',view.level_text),g.lUnit.replace('{unit}',view.unit)].forEach(function(t){var p=d.createElement('p');p.textContent=t;out.appendChild(p);});
 var h=d.createElement('h3');h.textContent=g.lTimeline;out.appendChild(h);var ol=d.createElement('ol');
 (view.timeline||[]).forEach(function(s){var li=d.createElement('li');li.textContent=s.at.slice(0,16).replace('T',' ')+' '+s.text;ol.appendChild(li);});
 out.appendChild(ol);d.getElementById('rate').hidden=!view.can_rate;}
function track(code){var out=d.getElementById('track-out');
 fetch('/api/public/tickets/'+encodeURIComponent(code)).then(function(r){if(!r.ok){say(out,err(r.status));return null;}return r.json();}).then(function(v){if(v)show(v);}).catch(function(){say(out,g.errFailed);});}
d.getElementById('report-form').addEventListener('submit',function(e){e.preventDefault();var out=d.getElementById('report-out');
 var b={grid_id:g.grid,text:d.getElementById('r-text').value};var pl=d.getElementById('r-place').value,ph=d.getElementById('r-phone').value;
 if(pl)b.place=pl;if(ph)b.phone=ph;
 post('/api/public/reports',b).then(function(r){return r.json().then(function(j){return{st:r.status,j:j};});}).then(function(x){
  if(x.st!==201){say(out,err(x.st));return;}var t=x.j.reply||'';
  if(x.j.tracking_code){t=(t?t+'\n':'')+g.lDone.replace('{ticket}',x.j.ticket_id).replace('{code}',x.j.tracking_code);d.getElementById('t-code').value=x.j.tracking_code;}
  say(out,t);}).catch(function(){say(out,g.errFailed);});});
d.getElementById('track-form').addEventListener('submit',function(e){e.preventDefault();track(d.getElementById('t-code').value.trim());});
d.getElementById('rate-form').addEventListener('submit',function(e){e.preventDefault();var out=d.getElementById('rate-out');var code=d.getElementById('t-code').value.trim();
 var b={rating:parseInt(d.getElementById('rt-score').value,10)};var c=d.getElementById('rt-comment').value;if(c)b.comment=c;
 post('/api/public/tickets/'+encodeURIComponent(code)+'/rate',b).then(function(r){return r.json().then(function(j){return{st:r.status,j:j};});}).then(function(x){
  if(x.st!==200){say(out,err(x.st));return;}say(out,x.j.reply||'');track(code);}).catch(function(){say(out,g.errFailed);});});
})();
)JS";

std::string attr(const char* name, const std::string& value) {
  return std::string(" data-") + name + "=\"" + htmlEscape(value) + "\"";
}

}  // namespace

std::string renderResidentPage(const ResidentPageData& p, const MessageCatalog& say) {
  auto t = [&](const char* key) { return htmlEscape(say.text(key, {})); };
  const std::string title = htmlEscape(say.text("page.title", {{"grid", p.grid_name}}));
  std::string h;
  h.reserve(12 * 1024);
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<title>" + title + "</title><style>" + kStyle + "</style></head>\n";
  h += "<body" + attr("grid", p.grid_id) + attr("err-input", say.text("page.error_input", {})) +
       attr("err-busy", say.text("page.error_busy", {})) + attr("err-code", say.text("page.error_code", {})) +
       attr("err-rating", say.text("page.error_rating", {})) + attr("err-failed", say.text("page.error_failed", {})) +
       attr("l-status", say.text("page.track_status", {{"state", "{state}"}})) +
       attr("l-level", say.text("page.track_level", {{"level", "{level}"}})) +
       attr("l-unit", say.text("page.track_unit", {{"unit", "{unit}"}})) +
       attr("l-timeline", say.text("page.track_timeline", {})) +
       attr("l-done", say.text("page.report_done", {{"ticket", "{ticket}"}, {"code", "{code}"}})) + ">\n";
  h += "<header role=\"banner\"><h1>" + title + "</h1><p>" +
       htmlEscape(say.text("page.community", {{"community", p.community_name}})) + "</p><p>";
  if (p.worker.name.empty()) {
    h += t("page.no_worker");
  } else {
    h += htmlEscape(say.text("page.worker", {{"worker", p.worker.name}, {"phone", p.worker.phone_masked}}));
  }
  h += "</p></header>\n<main id=\"main\" role=\"main\">\n";
  h += "<section aria-labelledby=\"h-notices\"><h2 id=\"h-notices\">" + t("page.notices") + "</h2>";
  if (p.notices.empty()) h += "<p>" + t("page.no_notices") + "</p>";
  for (const BoardNotice& n : p.notices) {
    h += std::string("<article class=\"notice") + (n.urgent ? " urgent" : "") + "\"><h3>" + htmlEscape(n.title) +
         "</h3><p>" + htmlEscape(maskPhonesInText(n.text)) + "</p></article>";
  }
  h += "</section>\n";
  const std::string max_text = std::to_string(p.max_text_chars);
  h += "<section aria-labelledby=\"h-report\"><h2 id=\"h-report\">" + t("page.report_heading") +
       "</h2><form id=\"report-form\"><label for=\"r-text\">" +
       htmlEscape(say.text("page.report_text", {{"max", max_text}})) +
       "</label><textarea id=\"r-text\" name=\"text\" required maxlength=\"" + max_text +
       "\"></textarea><label for=\"r-place\">" + t("page.report_place") +
       "</label><input id=\"r-place\" name=\"place\" maxlength=\"" + std::to_string(p.max_place_chars) +
       "\"><label for=\"r-phone\">" + t("page.report_phone") +
       "</label><input id=\"r-phone\" name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\" maxlength=\"20\">"
       "<button type=\"submit\">" + t("page.report_submit") +
       "</button></form><p id=\"report-out\" class=\"answer\" role=\"status\" aria-live=\"polite\"></p></section>\n";
  h += "<section aria-labelledby=\"h-track\"><h2 id=\"h-track\">" + t("page.track_heading") +
       "</h2><form id=\"track-form\"><label for=\"t-code\">" + t("page.track_code") +
       "</label><input id=\"t-code\" name=\"code\" autocomplete=\"off\" maxlength=\"32\" required><button type=\"submit\">" +
       t("page.track_submit") + "</button></form><div id=\"track-out\" role=\"status\" aria-live=\"polite\"></div>";
  h += "<div id=\"rate\" hidden><h3 id=\"h-rate\">" + t("page.rate_heading") + "</h3>";
  h += "<form id=\"rate-form\" aria-labelledby=\"h-rate\"><label for=\"rt-score\">" + t("page.rate_score") + "</label><select id=\"rt-score\" name=\"rating\">";
  for (int i = 5; i >= 1; --i) h += "<option value=\"" + std::to_string(i) + "\">" + std::to_string(i) + "</option>";
  h += "</select><label for=\"rt-comment\">" + t("page.rate_comment") + "</label><input id=\"rt-comment\" name=\"comment\" maxlength=\"" +
       std::to_string(p.max_comment_chars) + "\"><button type=\"submit\">" + t("page.rate_submit") +
       "</button></form><p id=\"rate-out\" class=\"answer\" role=\"status\" aria-live=\"polite\"></p></div></section>\n";
  h += "</main>\n<script>" + std::string(kScript) + "</script></body></html>\n";
  return h;
}

}  // namespace gg
