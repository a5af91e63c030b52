-- wrk script: POST /v1/messages as many users walking through the first
-- steps of the walkthrough (every request reads and writes a session and
-- records its message id). Each wrk thread speaks for its own 500 users with
-- its own message ids: no request is a retry of another.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local counter = 0
local users = 500
local steps = {"重新开始", "广东省 深圳市 南山区", "企业", "好了", "深圳市某某科技有限公司", "进度"}

function init(args)
  math.randomseed(id * 7919 + os.time())
end

request = function()
  counter = counter + 1
  local user = counter % users
  local step = steps[(math.floor(counter / users) % #steps) + 1]
  local body = string.format('{"chat_id":"bench","user_id":"t%d-u%d","text":"%s","message_id":"%d-%d-%d"}',
                             id, user, step, id, counter, math.random(1, 1000000000))
  return wrk.format("POST", "/v1/messages", {["Content-Type"] = "application/json"}, body)
end
