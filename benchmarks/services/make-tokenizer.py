#!/usr/bin/env python3
"""Writes a Hugging Face tokenizer directory that mirrors a llama-vocabulary GGUF, so GuideLLM and AIPerf
(which need a tokenizer to shape prompts and count tokens) run offline against llama-server.

    PY make-tokenizer.py OUT_DIR --gguf MODEL.gguf [--gguf-python PY2] [--verify-server LLAMA_SERVER]

PY needs `tokenizers` and `transformers` (no torch); the GGUF is read with the `gguf` package, by PY2
(e.g. the tiny-model set-up's venv) when PY has no gguf: this script then runs itself there with
--dump-vocab. With --verify-server it starts that llama-server on a free loopback port and checks the
ids against its POST /tokenize on a few texts, failing when any differ.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

# gguf.TokenType values
UNKNOWN, CONTROL, BYTE = 2, 3, 6

SAMPLES = [
    "hello world",
    "the tiny model is a fast bench server",
    "Hello, World! 123 + 456 = 579.",
    "  two  spaces and\nnew lines\n\n",
    "unicode: caf\u00e9 na\u00efve \u2603 \u4e2d\u6587",
    "<|im_start|>user\nwhat time is it<|im_end|>\n<|im_start|>assistant\n",
    "thereafter theirs somewhere peoplekind",
    "a",
]


def dump_vocab(path):
    import gguf

    reader = gguf.GGUFReader(path)

    def values(name):
        field = reader.fields[name]
        return [field.parts[i] for i in field.data]

    def scalar(name, default):
        return values(name)[0][0].item() if name in reader.fields else default

    vocab = {
        "tokens": [bytes(p).decode("utf-8") for p in values("tokenizer.ggml.tokens")],
        "scores": [float(p[0]) for p in values("tokenizer.ggml.scores")],
        "types": [int(p[0]) for p in values("tokenizer.ggml.token_type")],
        "model": bytes(values("tokenizer.ggml.model")[0]).decode(),
        "unk": scalar("tokenizer.ggml.unknown_token_id", 0),
        "bos": scalar("tokenizer.ggml.bos_token_id", 1),
        "eos": scalar("tokenizer.ggml.eos_token_id", 2),
        "add_bos": bool(scalar("tokenizer.ggml.add_bos_token", True)),
        "context": scalar("llama.context_length", 2048),
        "chat_template": bytes(values("tokenizer.chat_template")[0]).decode() if "tokenizer.chat_template" in reader.fields else None,
    }
    if vocab["model"] != "llama":
        sys.exit(f"make-tokenizer: {path} has a {vocab['model']!r} vocabulary; only SentencePiece ('llama') is mirrored")
    return vocab


def read_vocab(path, gguf_python):
    try:
        import gguf  # noqa: F401
    except ImportError:
        if not gguf_python:
            sys.exit("make-tokenizer: this Python has no gguf package; pass --gguf-python")
        out = subprocess.run([gguf_python, __file__, "--dump-vocab", path], check=True, capture_output=True, text=True).stdout
        return json.loads(out)
    return dump_vocab(path)


def build(v):
    from tokenizers import Tokenizer, decoders, models, normalizers, processors
    from transformers import PreTrainedTokenizerFast

    tokens = v["tokens"]
    unk, bos, eos = tokens[v["unk"]], tokens[v["bos"]], tokens[v["eos"]]
    # llama.cpp's SPM tokenizer merges pieces by score; on a vocabulary whose scores grow with piece length
    # (as make-tiny-gguf.py writes) Unigram's best-scoring split is the same segmentation.
    tk = Tokenizer(models.Unigram(list(zip(tokens, v["scores"])), unk_id=v["unk"], byte_fallback=True))
    # SentencePiece escaping as llama.cpp does it: a space before each text fragment, spaces as U+2581.
    tk.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    tk.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    tk.add_special_tokens([t for t, kind in zip(tokens, v["types"]) if kind in (CONTROL, UNKNOWN)])
    if v["add_bos"]:
        tk.post_processor = processors.TemplateProcessing(single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, v["bos"])])
    hf = PreTrainedTokenizerFast(tokenizer_object=tk, unk_token=unk, bos_token=bos, eos_token=eos, pad_token=eos, model_max_length=v["context"])
    if v["chat_template"]:
        hf.chat_template = v["chat_template"]
    return hf


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body):
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def verify(hf, server, model):
    port = free_port()
    proc = subprocess.Popen([server, "-m", model, "--host", "127.0.0.1", "--port", str(port), "-t", "1", "-c", "512", "-np", "1", "--no-webui"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                sys.exit("make-tokenizer: llama-server did not become healthy for the check")
            time.sleep(0.1)
        bad = 0
        for text in SAMPLES:
            for special in (False, True):
                want = post(base + "/tokenize", {"content": text, "add_special": special})["tokens"]
                got = hf(text, add_special_tokens=special)["input_ids"]
                if got != want:
                    bad += 1
                    print(f"MISMATCH add_special={special} {text!r}\n  server {want}\n  local  {got}", file=sys.stderr)
        if bad:
            sys.exit(f"make-tokenizer: {bad} of {2 * len(SAMPLES)} tokenizations differ from llama-server's")
        print(f"make-tokenizer: ids match llama-server's /tokenize on {len(SAMPLES)} texts (with and without BOS)", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(10)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--gguf")
    ap.add_argument("--gguf-python")
    ap.add_argument("--verify-server")
    ap.add_argument("--dump-vocab", metavar="GGUF")
    a = ap.parse_args()
    if a.dump_vocab:
        json.dump(dump_vocab(a.dump_vocab), sys.stdout)
        return
    if not (a.out and a.gguf):
        ap.error("give OUT_DIR and --gguf MODEL")
    v = read_vocab(a.gguf, a.gguf_python)
    os.makedirs(a.out, exist_ok=True)
    build(v).save_pretrained(a.out)
    if a.verify_server:
        from transformers import AutoTokenizer

        # The saved directory as the peers load it, not the in-memory object.
        verify(AutoTokenizer.from_pretrained(a.out), a.verify_server, a.gguf)
    n_byte = sum(1 for t in v["types"] if t == BYTE)
    print(f"make-tokenizer: wrote {a.out} ({len(v['tokens'])} pieces, {n_byte} byte fallback)", file=sys.stderr)


if __name__ == "__main__":
    main()
