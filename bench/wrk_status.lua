-- Counts the HTTP status of every response, so a run of redirects (to the login page) or errors
-- cannot pass for throughput: wrk itself counts 3xx as success. Prints "STATUS <code> <count>".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    if s then
      for code, n in pairs(s) do
        total[code] = (total[code] or 0) + n
      end
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("STATUS %d %d\n", code, n))
  end
  io.write(string.format("LATENCY_P50_US %d\n", latency:percentile(50)))
  io.write(string.format("LATENCY_P95_US %d\n", latency:percentile(95)))
  io.write(string.format("LATENCY_P99_US %d\n", latency:percentile(99)))
  io.write(string.format("LATENCY_MAX_US %d\n", latency.max))
  io.write(string.format("REQUESTS %d\n", summary.requests))
  io.write(string.format("DURATION_US %d\n", summary.duration))
  io.write(string.format("ERRORS_CONNECT %d\n", summary.errors.connect))
  io.write(string.format("ERRORS_READ %d\n", summary.errors.read))
  io.write(string.format("ERRORS_WRITE %d\n", summary.errors.write))
  io.write(string.format("ERRORS_TIMEOUT %d\n", summary.errors.timeout))
  io.write(string.format("ERRORS_STATUS %d\n", summary.errors.status))
end
