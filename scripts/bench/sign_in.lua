-- wrk script: a flood of sign-in attempts, each from a random client IP (X-Forwarded-For; the bench server
-- trusts the proxy header) and for a random unknown email, so per-IP and per-account limits don't apply and
-- every attempt costs one argon2 verification (unknown emails are verified against a dummy hash).
-- Counts 401 (processed) and 429 (refused at capacity) per thread and prints totals.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  processed, refused, other = 0, 0, 0
  math.randomseed(os.time() + math.random(1, 1e6))
end

function request()
  -- Documentation address ranges (RFC 5737): header values only, no traffic goes anywhere but loopback.
  local nets = { "192.0.2.", "198.51.100.", "203.0.113." }
  local ip = nets[math.random(1, 3)] .. math.random(1, 254)
  local email = string.format("bench%d@example.org", math.random(1, 1e9))
  local body = '{"form":{"email":"' .. email .. '","password":"a wrong password","remember":false}}'
  return wrk.format("POST", "/api/auth/sign-in", {
    ["Content-Type"] = "application/json",
    ["X-Request-Client"] = "dioxus",
    ["X-Forwarded-For"] = ip,
  }, body)
end

function response(status, headers, body)
  if status == 401 then processed = processed + 1
  elseif status == 429 then refused = refused + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local p, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("processed"); r = r + t:get("refused"); o = o + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("SIGNIN processed=%d refused=%d other=%d seconds=%.2f p99_ms=%.2f\n",
    p, r, o, secs, latency:percentile(99) / 1000))
end
