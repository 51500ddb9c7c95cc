#!/usr/bin/python3
"""A real SMTP server for server/tests/notices.rs (aiosmtpd, Debian's python3-aiosmtpd): takes every message on 127.0.0.1:PORT
and appends it, decoded, as one JSON line to FILE — from, to, subject, the plain text, and the
List-Unsubscribe header.

    /usr/bin/python3 smtp_sink.py PORT FILE
"""
import asyncio
import json
import sys
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

PORT, OUT = int(sys.argv[1]), sys.argv[2]


class Sink:
    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        line = {
            "from": str(message["From"]),
            "to": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            "text": body.get_content() if body else "",
            "unsubscribe": str(message.get("List-Unsubscribe", "")),
            "one_click": str(message.get("List-Unsubscribe-Post", "")),
        }
        with open(OUT, "a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=PORT)
controller.start()
print("ready", flush=True)
try:
    asyncio.get_event_loop().run_forever()
finally:
    controller.stop()
