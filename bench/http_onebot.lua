-- wrk script: signed-free OneBot group events with unique message ids, so every request takes the
-- full path (parse, classify, one SQLite transaction) rather than the duplicate shortcut.
-- TEXT picks the path: a chit-chat line (stored, classified, ignored) or a need (ticket + outbox).
local text = os.getenv("TEXT") or "大家早上好"
local thread_id = 0
function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
local n = 0
-- Ids unique across runs too (a repeated id would take the duplicate shortcut).
local base = (os.time() % 1000000) * 10000000
function request()
  n = n + 1
  local id = base + (tid or 1) * 1000000 + n
  local body = string.format('{"post_type":"message","message_type":"group","sub_type":"normal",' ..
    '"time":1795500000,"self_id":10001,"group_id":81000101,"user_id":%d,"message_id":%d,' ..
    '"message":"%s","raw_message":"%s","font":0,"sender":{"user_id":%d,"nickname":"居民"}}',
    3900000 + (n % 500), id, text, text, 3900000 + (n % 500))
  return wrk.format("POST", "/hooks/onebot", {["Content-Type"] = "application/json"}, body)
end
