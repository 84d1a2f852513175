"""``python -m aind_session.testing``: run the local stack in the foreground.

Prints ``export VAR=value`` lines (eval-able by a shell), then a ready line, and serves
until Ctrl-C or SIGTERM.
"""
from __future__ import annotations

import argparse
import importlib
import shlex
import signal
import sys
import threading

from .stack import local_stack


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aind_session.testing", description=__doc__)
    ap.add_argument("--profile", default="seed", choices=("seed", "large"))
    ap.add_argument("--latency-ms", type=float, default=0.0, help="added to every request")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--catalog", metavar="MODULE:CALLABLE",
                    help="serve the catalog this callable returns instead of generate(profile, seed)")
    ap.add_argument("--no-verify-sigv4", action="store_true", help="accept any S3 signature")
    args = ap.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    catalog = None
    if args.catalog:
        module, _, func = args.catalog.partition(":")
        catalog = getattr(importlib.import_module(module), func)()
    with local_stack(profile=args.profile, catalog=catalog, seed=args.seed, latency=args.latency_ms / 1000 or None,
                     verify_signatures=False if args.no_verify_sigv4 else None) as stack:
        for k, v in stack.env.items():
            print(f"export {k}={shlex.quote(v)}")
        print("unset AWS_PROFILE AWS_SESSION_TOKEN")
        print(f"# aind-session local stack ready: codeocean={stack.codeocean_url} docdb={stack.docdb_url} "
              f"docdb_tls={stack.docdb_tls_url} s3={stack.s3_url}", flush=True)
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
