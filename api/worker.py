"""A model process (``python -m api.worker``): load the model once, then label the jobs the server
sends over one socket, one at a time, until the socket closes.

Frames both ways are an 8-byte length, a one-byte tag and a msgpack payload. The server sends
``J`` (an ``api.work.Job``); the process answers ``H`` once when its model is loaded (its version),
then per job ``R`` (the results) or ``E`` (``{"kind", "message"}``: ``statements`` for
MAX_STATEMENTS, ``start`` when the model cannot be loaded, ``error`` for a bug). The server stops
a process by killing it; it also dies with the server (``PR_SET_PDEATHSIG``) or when the socket
closes, so a process never outlives the server that started it.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import signal
import socket
import struct
import sys
import traceback

import msgspec

HEADER = struct.Struct("!Q")
_PR_SET_PDEATHSIG = 1


def send_frame(sock: socket.socket, tag: bytes, payload: bytes) -> None:
    sock.sendall(HEADER.pack(len(payload) + 1) + tag)
    sock.sendall(payload)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket) -> tuple[bytes, bytes] | None:
    """The next frame's tag and payload, or None once the server has closed the socket."""
    head = _recv_exactly(sock, HEADER.size)
    if head is None:
        return None
    body = _recv_exactly(sock, HEADER.unpack(head)[0])
    return None if body is None else (body[:1], body[1:])


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when the server dies, even by SIGKILL; elsewhere the closed
    socket ends the loop once the job in hand is done."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the server died before the request above took effect
        os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.worker")
    parser.add_argument("--fd", type=int, required=True, help="the socket to the server")
    parser.add_argument("--model", required=True, help="model path")
    parser.add_argument("--parent", type=int, required=True, help="the server's pid")
    args = parser.parse_args(argv)
    _die_with(args.parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us

    from api import work
    from msimamo.errors import MsimamoError
    from msimamo.model.artefact import load_model

    encode = msgspec.msgpack.Encoder().encode
    sock = socket.socket(fileno=args.fd)
    try:
        model = load_model(args.model)
    except MsimamoError as exc:
        send_frame(sock, b"E", encode({"kind": "start", "message": str(exc)}))
        return 2
    gc.freeze()  # the model lives as long as the process: the collector need not walk it
    send_frame(sock, b"H", encode({"version": model.version}))
    decode_job = msgspec.msgpack.Decoder(work.Job).decode
    while (frame := recv_frame(sock)) is not None:
        try:
            reply = b"R", encode(work.run(model, decode_job(frame[1])))
        except work.TooManyStatements as exc:
            reply = b"E", encode({"kind": "statements", "message": str(exc)})
        except Exception as exc:  # noqa: BLE001 - a bug: reported to the request, the process lives on
            traceback.print_exc()
            reply = b"E", encode({"kind": "error", "message": f"{type(exc).__name__}: {exc}"})
        send_frame(sock, *reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
