"""`python -m tests.botapi [--host 127.0.0.1] [--port 9000]`: the double in the
foreground; prints `listening <url>` once it accepts requests; stops on SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal

from tests.botapi.server import BotApiServer


async def main(host: str, port: int, any_token: bool) -> None:
    server = BotApiServer(host, port, any_token=any_token)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_stop)
    await server.serve(lambda: print(f"listening {server.url}", flush=True))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000, help="0 picks a free port")
    parser.add_argument("--registered-only", action="store_true",
                        help="answer 401 to tokens not registered through /_test/<token>/register")
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port, not args.registered_only))
