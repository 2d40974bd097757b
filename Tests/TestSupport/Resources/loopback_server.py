#!/usr/bin/env python3
"""The scripted loopback HTTP server of the test suites (Python 3 standard library only).

Usage: loopback_server.py [--fixtures DIR] [--default SCENARIO]

Listens on 127.0.0.1 on a free port (port 0) and prints the port on stdout. Exits when stdin closes (so it dies
with the test process) or on SIGTERM. DIR holds response fixtures (`x-fixture` names are relative to it);
SCENARIO is the scenario of requests that name none (`echo` unless given).

Each request picks a scenario with the `x-scenario` header and groups itself with the other requests of the same
test by `x-test-id`. `GET /_requests/<test-id>` returns what the server received for that test (and notes such
as a client disconnect) as JSON. `x-fail-times: N` with `x-then: SCENARIO` switches to SCENARIO after N attempts
of the test; `x-no-request-id` leaves out the request-id header.

Scenarios:
  echo         200 whose JSON body describes the request (method, path, headers, body, attempt).
  fixture      200 with the file `x-fixture` (default responses/text.json), or with `x-body-b64` if given;
               `.sse` names are sent chunked as text/event-stream in `x-chunk-size`-byte pieces (default 64)
               with `x-pause` seconds between them.
  status       status `x-status` with body `x-body-b64` (base64) or a standard error body; `x-response-*`
               headers are copied as retry headers.
  slow         waits `x-delay` seconds, then behaves like the default scenario.
  big          a JSON string of `x-size` bytes; chunked without content-length when `x-chunked` is set.
  non-json     502 with an HTML body.       empty-error  503 with an empty body and x-should-retry: false.
  bad-json     200 whose body is JSON of the wrong shape.       drop  closes the connection unanswered.
  sse          a built-in text stream in `x-chunk-size`-byte pieces (default 7), `x-pause` seconds apart,
               with `x-newline` LF, CR or CRLF line ends.
  sse-error    the first `x-events` events (default 1) of the fixture stream `x-fixture` (or of the built-in
               stream), then an `error` event (data `x-body-b64` or an overloaded_error body).
  sse-cut      four events, then half an event and the end of the body.
  sse-stall    one event, `x-delay` seconds of silence, then the rest of the built-in stream.
  sse-hang     message_start, then only keep-alive comments for up to 15 s.
  echo-key     401 whose body, request_id and `x-echo` header repeat the x-api-key or bearer token received,
               raw and JSON-escaped (`/` as `\\/`).
  sse-echo-key 200 stream whose error event repeats the key the same way.
  bad-echo-key 200 whose JSON body is not a Message and contains the key.
"""
import argparse
import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
RECEIVED = {}  # test id -> list of received requests
NOTES = {}  # test id -> list of notes
FIXTURES = "."
DEFAULT_SCENARIO = "echo"

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    408: "timeout_error",
    409: "conflict_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    503: "api_error",
    529: "overloaded_error",
}

MESSAGE_START = {"type": "message_start", "message": {
    "id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-test",
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}

SSE_EVENTS = [
    ("message_start", MESSAGE_START),
    ("content_block_start", {"type": "content_block_start", "index": 0,
                             "content_block": {"type": "text", "text": ""}}),
    ("ping", {"type": "ping"}),
    ("content_block_delta", {"type": "content_block_delta", "index": 0,
                             "delta": {"type": "text_delta", "text": "Hello"}}),
    ("content_block_delta", {"type": "content_block_delta", "index": 0,
                             "delta": {"type": "text_delta", "text": ", wörld\nline two"}}),
    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}}),
    ("message_stop", {"type": "message_stop"}),
]


def note(test_id, text):
    with LOCK:
        NOTES.setdefault(test_id, []).append(text)


def sse_text(events, newline="\n"):
    return "".join(f"event: {name}{newline}data: {json.dumps(data, ensure_ascii=False)}{newline}{newline}"
                   for name, data in events)


def split_events(text):
    """The raw event blocks of an SSE text (separated by a blank line; any line ending)."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block + "\n\n" for block in normalized.split("\n\n") if block.strip()]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def do_PATCH(self):
        self.handle_any()

    # -- helpers --

    def send_json(self, status, value, headers=None):
        self.send_bytes(status, json.dumps(value).encode(), "application/json", headers)

    def send_bytes(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        if self.header("x-no-request-id") is None:
            self.send_header("request-id", f"req_{status}_{self.attempt}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def start_chunked(self, status=200, content_type="text/event-stream"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("transfer-encoding", "chunked")
        self.send_header("cache-control", "no-cache")
        self.send_header("request-id", f"req_stream_{self.attempt}")
        self.end_headers()
        self.wfile.flush()

    def chunk(self, data, pause=0.0):
        if isinstance(data, str):
            data = data.encode()
        if not data:
            return
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
        if pause:
            time.sleep(pause)

    def end_chunked(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def header(self, name, default=None):
        value = self.headers.get(name)
        return default if value is None else value

    def fixture_bytes(self):
        name = self.header("x-fixture", "responses/text.json")
        if self.header("x-body-b64") is not None and self.header("x-scenario", DEFAULT_SCENARIO) in ("fixture", "slow"):
            return name, self.body_override()
        path = os.path.normpath(os.path.join(FIXTURES, name))
        if not path.startswith(os.path.normpath(FIXTURES) + os.sep):
            raise ValueError("fixture outside the fixture folder")
        with open(path, "rb") as f:
            return name, f.read()

    def body_override(self):
        value = self.header("x-body-b64")
        return None if value is None else base64.b64decode(value)

    def retry_headers(self):
        out = {}
        for name in ("retry-after", "retry-after-ms", "x-should-retry"):
            value = self.header("x-response-" + name)
            if value is not None:
                out[name] = value
        return out

    def received_key(self):
        key = self.header("x-api-key")
        if key is None:
            key = self.header("authorization", "")
            if key.startswith("Bearer "):
                key = key[len("Bearer "):]
        return key

    # -- dispatch --

    def handle_any(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_requests/"):
            test_id = self.path[len("/_requests/"):]
            with LOCK:
                value = {"requests": RECEIVED.get(test_id, []), "notes": NOTES.get(test_id, [])}
            self.attempt = 0
            self.send_json(200, value)
            return
        test_id = self.header("x-test-id", "default")
        record = {
            "method": self.command,
            "path": self.path,
            "headers": [[name.lower(), value] for name, value in self.headers.items()],
            "body_base64": base64.b64encode(body).decode(),
        }
        with LOCK:
            RECEIVED.setdefault(test_id, []).append(record)
            self.attempt = len(RECEIVED[test_id])
        self.test_id = test_id
        self.body = body
        self.record = record
        scenario = self.header("x-scenario", DEFAULT_SCENARIO)
        fail_times = int(self.header("x-fail-times", "-1"))
        try:
            if fail_times >= 0 and self.attempt > fail_times:
                scenario = self.header("x-then", DEFAULT_SCENARIO)
            getattr(self, "scenario_" + scenario.replace("-", "_"))()
        except (BrokenPipeError, ConnectionResetError):
            note(test_id, "client-disconnected")
            self.close_connection = True

    # -- scenarios --

    def scenario_echo(self):
        self.send_json(200, {
            "method": self.command,
            "path": self.path,
            "headers": {name: value for name, value in self.record["headers"]},
            "body": self.body.decode("utf-8", "replace"),
            "attempt": self.attempt,
        })

    def scenario_fixture(self):
        name, data = self.fixture_bytes()
        if not name.endswith(".sse"):
            self.send_bytes(200, data, "application/json")
            return
        size = int(self.header("x-chunk-size", "64"))
        pause = float(self.header("x-pause", "0"))
        self.start_chunked()
        for start in range(0, len(data), size):
            self.chunk(data[start:start + size], pause)
        self.end_chunked()

    def scenario_status(self):
        status = int(self.header("x-status", "500"))
        body = self.body_override()
        if body is None:
            body = json.dumps({"type": "error", "error": {"type": ERROR_TYPES.get(status, "api_error"),
                                                          "message": f"scripted {status}"},
                               "request_id": f"req_body_{status}"}).encode()
        self.send_bytes(status, body, "application/json", self.retry_headers())

    def scenario_slow(self):
        time.sleep(float(self.header("x-delay", "5")))
        getattr(self, "scenario_" + DEFAULT_SCENARIO)()

    def scenario_non_json(self):
        self.send_bytes(502, b"<html><body>Bad gateway</body></html>", "text/html")

    def scenario_empty_error(self):
        self.send_bytes(503, b"", "text/plain", {"x-should-retry": "false"})

    def scenario_big(self):
        size = int(self.header("x-size", "4096"))
        body = b'"' + b"a" * size + b'"'
        if self.header("x-chunked") is None:
            self.send_bytes(200, body, "application/json")
            return
        # Without a content-length, so the client only learns the size while reading.
        self.start_chunked(200, "application/json")
        for start in range(0, len(body), 256):
            self.chunk(body[start:start + 256])
        self.end_chunked()

    def scenario_bad_json(self):
        self.send_bytes(200, b'{"id": 42, "text": "not what was expected"}', "application/json")

    def scenario_drop(self):
        self.close_connection = True
        self.connection.shutdown(2)

    def scenario_sse(self):
        text = sse_text(SSE_EVENTS, self.header("x-newline", "\n").replace("CRLF", "\r\n").replace("CR", "\r"))
        size = int(self.header("x-chunk-size", "7"))
        pause = float(self.header("x-pause", "0.002"))
        self.start_chunked()
        self.chunk(": stream start\n\n", pause)
        for start in range(0, len(text.encode()), size):
            self.chunk(text.encode()[start:start + size], pause)
        self.end_chunked()

    def scenario_sse_error(self):
        count = int(self.header("x-events", "1"))
        if self.header("x-fixture") is not None:
            _, data = self.fixture_bytes()
            events = split_events(data.decode())[:count]
        else:
            events = [sse_text(SSE_EVENTS[:count])]
        body = self.body_override()
        if body is None:
            body = b'{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}'
        self.start_chunked()
        for event in events:
            self.chunk(event, 0.005)
        self.chunk(b"event: error\ndata: " + body + b"\n\n")
        self.end_chunked()

    def scenario_sse_cut(self):
        self.start_chunked()
        self.chunk(sse_text(SSE_EVENTS[:4]), 0.01)
        self.chunk('event: content_block_delta\ndata: {"type": "content_block_delta", "ind')
        self.end_chunked()

    def scenario_sse_stall(self):
        self.start_chunked()
        self.chunk(sse_text(SSE_EVENTS[:1]))
        time.sleep(float(self.header("x-delay", "3")))
        self.chunk(sse_text(SSE_EVENTS[1:]))
        self.end_chunked()

    def scenario_sse_hang(self):
        self.start_chunked()
        self.chunk(sse_text(SSE_EVENTS[:1]))
        for _ in range(300):
            time.sleep(0.05)
            self.chunk(": keep-alive\n\n")
        self.end_chunked()

    def echo_body(self):
        key = self.received_key()
        escaped = key.replace("/", "\\/")
        return key, escaped, {"type": "error", "error": {"type": "authentication_error",
                                                         "message": f"invalid x-api-key: {key} (escaped: KEY_ESCAPED)"},
                              "request_id": f"req_{key}"}

    def scenario_echo_key(self):
        key, escaped, body = self.echo_body()
        text = json.dumps(body).replace("KEY_ESCAPED", escaped)
        self.send_bytes(401, text.encode(), "application/json", {"x-echo": f"key={key}"})

    def scenario_sse_echo_key(self):
        key, escaped, body = self.echo_body()
        text = json.dumps(body).replace("KEY_ESCAPED", escaped)
        self.start_chunked()
        self.chunk(sse_text(SSE_EVENTS[:1]), 0.005)
        self.chunk("event: error\ndata: " + text + "\n\n")
        self.end_chunked()

    def scenario_bad_echo_key(self):
        key, escaped, _ = self.echo_body()
        body = json.dumps({"id": 42, "note": f"not a message for {key}", "escaped": "KEY_ESCAPED"})
        self.send_bytes(200, body.replace("KEY_ESCAPED", escaped).encode(), "application/json")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The tests of a suite run in parallel; the default listen backlog of 5 overflows and connections get lost.
    request_queue_size = 256


def main():
    global FIXTURES, DEFAULT_SCENARIO
    parser = argparse.ArgumentParser(description="The scripted loopback server of the test suites.")
    parser.add_argument("--fixtures", default=".", help="the folder x-fixture names are relative to")
    parser.add_argument("--default", default="echo", help="the scenario of requests that name none")
    options = parser.parse_args()
    FIXTURES = os.path.abspath(options.fixtures)
    DEFAULT_SCENARIO = options.default
    if not hasattr(Handler, "scenario_" + DEFAULT_SCENARIO.replace("-", "_")):
        sys.exit(f"loopback_server.py: unknown scenario '{DEFAULT_SCENARIO}'")
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
