#!/usr/bin/env python3
"""Scripted HTTP server for the SpecRuntime end-to-end tests (Python 3 standard library only).

Listens on 127.0.0.1 on a free port and prints the port on stdout. Exits when stdin closes (so it dies with the
test process) or on SIGTERM.

Each request picks a scenario with the `x-scenario` header (default `echo`) and groups itself with other requests
of the same test by `x-test-id`. `GET /_requests/<test-id>` returns what the server received for that test (and
notes such as a client disconnect) as JSON.
"""
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

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
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

SSE_EVENTS = [
    ("message_start", {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
                                                             "content": [], "model": "claude-test"}}),
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
    out = []
    for name, data in events:
        out.append(f"event: {name}{newline}data: {json.dumps(data, ensure_ascii=False)}{newline}{newline}")
    return "".join(out)


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
        body = json.dumps(value).encode()
        self.send_bytes(status, body, "application/json", headers)

    def send_bytes(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
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

    def error_body(self, status, message):
        return {"type": "error", "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": message},
                "request_id": f"req_body_{status}"}

    def retry_headers(self):
        out = {}
        for name in ("retry-after", "retry-after-ms", "x-should-retry"):
            value = self.header("x-response-" + name)
            if value is not None:
                out[name] = value
        return out

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
        scenario = self.header("x-scenario", "echo")
        fail_times = int(self.header("x-fail-times", "-1"))
        try:
            if fail_times >= 0 and self.attempt > fail_times:
                scenario = self.header("x-then", "echo")
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

    def scenario_status(self):
        status = int(self.header("x-status", "500"))
        self.send_json(status, self.error_body(status, f"scripted {status}"), self.retry_headers())

    def scenario_echo_key(self):
        key = self.header("x-api-key", "")
        body = {"type": "error", "error": {"type": "authentication_error", "message": f"invalid x-api-key: {key}"},
                "request_id": f"req_{key}"}
        self.send_json(401, body, {"x-echo": f"key={key}"})

    def scenario_non_json(self):
        self.send_bytes(502, b"<html><body>Bad gateway</body></html>", "text/html")

    def scenario_empty_error(self):
        self.send_bytes(503, b"", "text/plain", {"x-should-retry": "false"})

    def scenario_slow(self):
        time.sleep(float(self.header("x-delay", "5")))
        self.scenario_echo()

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
        self.start_chunked()
        self.chunk(sse_text(SSE_EVENTS[:1]), 0.01)
        error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        self.chunk(sse_text([("error", error)]))
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


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The default backlog of 5 drops connections when tests run in parallel.
    request_queue_size = 256


def main():
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
