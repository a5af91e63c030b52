-- wrk script: POST /v1/messages as many users walking through the first
-- steps of the walkthrough (every request reads and writes a session and
-- records its message id).
local counter = 0
local steps = {"开始备案", "广东省 深圳市 南山区", "企业", "好了", "深圳市某某科技有限公司", "进度"}

request = function()
  counter = counter + 1
  local user = counter % 1000
  local step = steps[(math.floor(counter / 1000) % #steps) + 1]
  local body = string.format('{"chat_id":"bench","user_id":"u%d","text":"%s","message_id":"%d-%d"}',
                             user, step, counter, math.random(1, 1000000000))
  return wrk.format("POST", "/v1/messages", {["Content-Type"] = "application/json"}, body)
end
