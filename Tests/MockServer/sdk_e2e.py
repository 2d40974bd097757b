"""End-to-end checks of spec-mock with the official Anthropic Python SDK as the client.

Run by Scripts/mock-e2e.sh, which installs the SDK into a venv and starts the server; the base URL comes in
SPEC_MOCK_URL. Each check prints one line; any failure raises, and the script exits non-zero.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

import anthropic

BASE = os.environ["SPEC_MOCK_URL"]
MODEL = "claude-sonnet-4-5"
HELLO = [{"role": "user", "content": "Hello from the Python SDK"}]
WEATHER_TOOL = {
    "name": "get_weather",
    "description": "The weather of a city.",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["city", "unit"],
    },
}


def client(**kwargs):
    return anthropic.Anthropic(api_key="test-key", base_url=BASE, **kwargs)


def fault(value):
    """Headers asking the mock for a fault; `id` keeps each check's fault counter apart."""
    return {"x-mock-fault": f"{value}; id={time.monotonic_ns()}"}


def check(name, condition, detail=""):
    if not condition:
        raise AssertionError(f"{name}: {detail}")
    print(f"ok  {name}")


def main():
    c = client()

    message = c.messages.create(model=MODEL, max_tokens=256, messages=HELLO)
    check("create returns a Message", message.type == "message" and message.role == "assistant", message)
    check("the reply quotes the user", "Hello from the Python SDK" in message.content[-1].text, message.content)
    check("usage is reported", message.usage.input_tokens > 0 and message.usage.output_tokens > 0, message.usage)
    again = c.messages.create(model=MODEL, max_tokens=256, messages=HELLO)
    check("responses are deterministic", again.id == message.id and again.content == message.content)

    with c.messages.stream(model=MODEL, max_tokens=256, messages=HELLO) as stream:
        texts = list(stream.text_stream)
        final = stream.get_final_message()
    check("stream accumulates with the SDK", final.content[-1].text == "".join(texts) and len(texts) > 1, texts)
    check("stream ends with a stop reason", final.stop_reason == "end_turn", final.stop_reason)

    thinking = c.messages.create(
        model=MODEL, max_tokens=2048, messages=HELLO, thinking={"type": "enabled", "budget_tokens": 1024}
    )
    check("thinking comes first when enabled", thinking.content[0].type == "thinking", thinking.content)

    tool = c.messages.create(
        model=MODEL, max_tokens=512, messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[WEATHER_TOOL], tool_choice={"type": "any"},
    )
    use = [b for b in tool.content if b.type == "tool_use"]
    check("tool_use names a declared tool", len(use) == 1 and use[0].name == "get_weather", tool.content)
    check("tool input fills the required fields", use[0].input == {"city": "mock", "unit": "celsius"}, use[0].input)
    check("tool_use stops for the tool", tool.stop_reason == "tool_use")
    with c.messages.stream(
        model=MODEL, max_tokens=512, messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[WEATHER_TOOL], tool_choice={"type": "tool", "name": "get_weather"},
    ) as stream:
        streamed = stream.get_final_message()
    streamed_use = [b for b in streamed.content if b.type == "tool_use"]
    check("streamed tool input is rebuilt from input_json_delta",
          streamed_use and streamed_use[0].input == {"city": "mock", "unit": "celsius"}, streamed.content)
    answered = c.messages.create(
        model=MODEL, max_tokens=512, tools=[WEATHER_TOOL],
        messages=[
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": use[0].id, "name": "get_weather",
                                               "input": use[0].input}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use[0].id, "content": "sunny"}]},
        ],
    )
    check("a tool_result gets a text answer", answered.stop_reason == "end_turn", answered.content)

    try:
        c.messages.create(model=MODEL, max_tokens=-5, messages=HELLO)
        raise AssertionError("an invalid request was accepted")
    except anthropic.BadRequestError as error:
        check("invalid request is a BadRequestError", error.status_code == 400)
        check("its message names the field", "max_tokens: " in error.message, error.message)
        check("its body has the spec's error type", error.body["error"]["type"] == "invalid_request_error", error.body)
    try:
        c.messages.create(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_missing", "content": "x"}]}],
        )
        raise AssertionError("a tool_result without its tool_use was accepted")
    except anthropic.BadRequestError as error:
        check("request rules reach the SDK", "tool_use" in error.message, error.message)

    # The SDK always sends its key, so the missing-key case goes out through urllib.
    request = urllib.request.Request(
        BASE.rstrip("/") + "/v1/messages", method="POST", headers={"content-type": "application/json"},
        data=json.dumps({"model": MODEL, "max_tokens": 10, "messages": HELLO}).encode())
    try:
        urllib.request.urlopen(request)
        raise AssertionError("a request without a key was accepted")
    except urllib.error.HTTPError as error:
        body = json.loads(error.read())
        check("a missing key is refused", error.code == 401 and body["error"]["type"] == "authentication_error", body)

    # Faults: the SDK retries 429, 529 and 500 (max_retries=2) exactly as against the API.
    for kind, status in [("rate_limit; retry_after=1", 429), ("overloaded", 529), ("server_error", 500)]:
        ok = c.messages.with_raw_response.create(
            model=MODEL, max_tokens=64, messages=HELLO, extra_headers=fault(f"{kind}; times=2"))
        check(f"{status} is retried until it passes", ok.parse().type == "message")
        try:
            client(max_retries=1).messages.create(
                model=MODEL, max_tokens=64, messages=HELLO, extra_headers=fault(f"{kind}; times=2"))
            raise AssertionError(f"{status} twice passed with one retry")
        except anthropic.APIStatusError as error:
            check(f"{status} past the retries raises", error.status_code == status, error)

    try:
        with c.messages.stream(model=MODEL, max_tokens=64, messages=HELLO,
                               extra_headers=fault("stream_error; after=3")) as stream:
            for _ in stream:
                pass
        raise AssertionError("an error event did not raise")
    except anthropic.APIStatusError as error:
        check("an error event mid-stream raises", "Overloaded" in str(error), error)

    dropped = None
    try:
        with c.messages.stream(model=MODEL, max_tokens=64, messages=HELLO,
                               extra_headers=fault("drop; after=4")) as stream:
            stream.get_final_message()
    except AssertionError:
        raise
    except Exception as error:  # the SDK surfaces the HTTP library's protocol error as it is
        dropped = error
    check("a dropped stream raises", dropped is not None, "the stream completed")

    start = time.monotonic()
    c.messages.create(model=MODEL, max_tokens=64, messages=HELLO, extra_headers=fault("latency; ms=300"))
    check("latency is added", time.monotonic() - start >= 0.3)
    start = time.monotonic()
    with c.messages.stream(model=MODEL, max_tokens=64, messages=HELLO,
                           extra_headers=fault("slow_stream; ms=40")) as stream:
        stream.get_final_message()
    # A message is at least seven events (message_start, ping, a block's start, delta and stop, message_delta,
    # message_stop), each 40 ms apart.
    elapsed = time.monotonic() - start
    check("a slow stream spaces its events", elapsed >= 0.04 * 7, elapsed)
    print("all SDK checks passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"FAIL {failure}", file=sys.stderr)
        sys.exit(1)
