"""Why a call inside a transaction is slow (PC201): a known library, a configured name,
an SDK method, or, as the last resort, the words of its name."""

from __future__ import annotations

from ...facts import TransactionCall

# Callees known to leave the process or wait, by resolved dotted name. A name matches
# when it equals an entry or starts with an entry followed by a dot.
KNOWN_SLOW = (
    # JS/TS
    "fetch", "axios", "got", "ky", "ofetch", "$fetch", "undici", "node-fetch", "superagent",
    "http.request", "http.get", "https.request", "https.get",
    "stripe", "openai", "anthropic", "resend", "sendgrid", "@sendgrid/mail", "nodemailer",
    "twilio", "slack", "@slack/web-api", "setTimeout", "timers/promises.setTimeout",
    "sleep", "delay",
    # Python
    "requests", "httpx", "aiohttp", "urllib.request", "urllib3", "boto3", "botocore",
    "smtplib", "asyncio.sleep", "time.sleep", "subprocess", "trio.sleep", "anyio.sleep",
)
# Method names that leave the process whatever the receiver (SDK clients by any name).
SLOW_METHODS = ("sendMail", "send_mail", "send_email", "sendEmail")
# Words that, inside a callee's last name segment, say it leaves the process.
SLOW_WORDS = ("fetch", "http", "request", "api", "webhook", "mail", "notify", "upload",
              "download", "publish", "sleep", "delay", "external")


def judged_by_name(call: TransactionCall) -> bool:
    """A name is the last resort (rules.md PC201): only for a callee nobody can resolve.
    Not for the project's own code (its body decides: the linker's job), not for a call
    handed the transaction client (it works through the transaction), and not for a call
    the transaction does not wait for (a type guard in an `if`, a fire-and-forget)."""
    return not (call.callee_in_project or call.passes_tx or call.awaited is False)


def slow_reason(callee: str, extra: list[str], by_name: bool = True) -> str | None:
    """Why `callee` is slow, or None. Checks known libraries, config, then (with `by_name`)
    the words of its name."""
    for entry in (*KNOWN_SLOW, *extra):
        if callee == entry or callee.startswith(entry + "."):
            return f"`{entry}` leaves the process" if "sleep" not in entry and "delay" not in entry \
                and "setTimeout" not in entry else f"`{entry}` waits"
    last = callee.rsplit(".", 1)[-1]
    if last in SLOW_METHODS or callee.endswith(".send") and "aws" in callee.lower():
        return f"`{last}` leaves the process"
    if not by_name:
        return None
    lowered = last.lower()
    for word in SLOW_WORDS:
        if word in lowered:
            return f"its name says it does `{word}` work"
    return None
