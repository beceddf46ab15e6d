"""Command line: ``python -m replica build OUT_DIR`` and ``python -m replica serve SITE_DIR``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from replica.seed import load_seed
from replica.server import make_server
from replica.site import build_site

SCALES = ("small", "full")


def build(args: argparse.Namespace) -> None:
    """Build the static site: ``python -m replica build /tmp/cac-site [--scale full]``.

    `small` publishes the sample of real rows (tests and demo); `full` every list at its real
    size, real rows where the sample has them and generated ones elsewhere.
    """
    print(build_site(args.out_dir, seed_for(args.scale)))


def seed_for(scale: str) -> dict[str, Any]:
    """The seed of a scale: the sampled real lists (small), or every list at its real size."""
    if scale == "small":
        return load_seed()
    from replica.scale import FULL, scale_seed

    return scale_seed(FULL)


def serve(args: argparse.Namespace) -> None:
    """Serve a site, building it first if missing: ``python -m replica serve /tmp/site``."""
    if not args.site_dir.exists():
        build_site(args.site_dir)
    server = make_server(args.site_dir, args.host, args.port)
    print(f"Serving the CAC replica at http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def parser() -> argparse.ArgumentParser:
    """The argument parser with its build and serve sub-commands."""
    root = argparse.ArgumentParser(prog="python -m replica", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="write the static replica site")
    build_cmd.add_argument("out_dir", type=Path)
    build_cmd.add_argument("--scale", choices=SCALES, default="small", help="corpus size")
    build_cmd.set_defaults(func=build)
    serve_cmd = commands.add_parser("serve", help="serve a replica site over HTTP")
    serve_cmd.add_argument("site_dir", type=Path)
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8765)
    serve_cmd.set_defaults(func=serve)
    return root


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and run the chosen command."""
    args = parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
