-- wrk script: POSTs one TAXII 1.1 message with the TAXII HTTP headers and counts errors.
--
-- Configured through the environment (set by run.sh):
--   LOAD_BODY        file holding the request body; "{collection}" in it is replaced
--   LOAD_COLLECTION  the collection name to put there
--   LOAD_AUTH        value of the Authorization header, or empty for none
--   LOAD_EXPECT      text a good answer's body contains (e.g. "Discovery_Response")
--
-- An answer counts as an error when its HTTP status is not 2xx or its body lacks
-- LOAD_EXPECT (a TAXII Status_Message FAILURE, UNAUTHORIZED, ... instead of the answer).
-- done() prints one line: RESULT rps p50_ms p90_ms p99_ms errors requests

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local s = f:read("*a")
  f:close()
  return s
end

local collection = os.getenv("LOAD_COLLECTION") or "default"
local expect = assert(os.getenv("LOAD_EXPECT"), "LOAD_EXPECT is not set")
local auth = os.getenv("LOAD_AUTH") or ""

wrk.method = "POST"
wrk.body = read_file(assert(os.getenv("LOAD_BODY"), "LOAD_BODY is not set"))
  :gsub("{collection}", function() return collection end)
wrk.headers["Content-Type"] = "application/xml"
wrk.headers["Accept"] = "application/xml"
wrk.headers["X-TAXII-Content-Type"] = "urn:taxii.mitre.org:message:xml:1.1"
wrk.headers["X-TAXII-Accept"] = "urn:taxii.mitre.org:message:xml:1.1"
wrk.headers["X-TAXII-Services"] = "urn:taxii.mitre.org:services:1.1"
wrk.headers["X-TAXII-Protocol"] = "urn:taxii.mitre.org:protocol:http:1.0"
if auth ~= "" then
  wrk.headers["Authorization"] = auth
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  first_bad = ""
end

function response(status, headers, body)
  if status < 200 or status > 299 or not body:find(expect, 1, true) then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. body:sub(1, 300):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local bad_total, sample = 0, ""
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000,
    bad_total + socket_errors, summary.requests))
  if sample ~= "" then
    io.write("FIRST_ERROR " .. sample .. "\n")
  end
end
