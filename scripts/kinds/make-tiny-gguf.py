#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF with random weights, for exercising inference servers
without any model download: 2 layers, width 64, a SentencePiece-style vocabulary of printable
pieces plus byte fallback, and a chatml chat template. Needs the PyPI packages gguf and numpy.

    python3 make-tiny-gguf.py OUT.gguf [--seed 7]

The output-head rows of control and byte tokens are all zero, so sampling (which sees random
logits of a few units for every printable piece) effectively never picks them: each generated
token is printable text and a streaming server sends it as an event of its own.
"""
import argparse

import gguf
import numpy as np

COMMON = (
    "a about after all also an and any are as at back be because been but by can come could day did do "
    "even first for from get give go good had has have he her here him his how i if in into is it its "
    "just know like look make man many me more most my new no not now of on one only or other our out "
    "over people say see she so some take than that the their them then there these they thing think "
    "this time to two up us use very want was way we well were what when which who will with work "
    "would year you your bench token model server stream fast tiny"
).split()

LAYERS, WIDTH, HEADS, FFN, CONTEXT = 2, 64, 4, 256, 2048


def vocabulary():
    """(pieces, scores, types, index of the first printable piece)."""
    kinds = gguf.TokenType
    pieces = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    types = [kinds.UNKNOWN, kinds.CONTROL, kinds.CONTROL, kinds.CONTROL, kinds.CONTROL]
    pieces += [f"<0x{b:02X}>" for b in range(256)]
    types += [kinds.BYTE] * 256
    scores = [0.0] * len(pieces)
    first_text = len(pieces)
    known = set(pieces)

    def text(piece, score):
        if piece not in known:
            known.add(piece)
            pieces.append(piece)
            types.append(kinds.NORMAL)
            scores.append(score)

    text("\u2581", -1.0)
    for code in range(33, 127):
        text(chr(code), -1.0)
    # SentencePiece merges pairwise, so every prefix of a word must be a piece too; longer ones win.
    for word in COMMON:
        marked = "\u2581" + word
        for end in range(2, len(marked) + 1):
            text(marked[:end], float(end))
    return pieces, scores, [int(t) for t in types], first_text


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("out")
    args.add_argument("--seed", type=int, default=7)
    opts = args.parse_args()
    rng = np.random.default_rng(opts.seed)
    pieces, scores, types, first_text = vocabulary()
    vocab = len(pieces)

    def matrix(rows, cols):
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    out = gguf.GGUFWriter(opts.out, "llama")
    out.add_name("bench-tiny-random-llama")
    out.add_context_length(CONTEXT)
    out.add_embedding_length(WIDTH)
    out.add_block_count(LAYERS)
    out.add_feed_forward_length(FFN)
    out.add_head_count(HEADS)
    out.add_head_count_kv(HEADS)
    out.add_rope_dimension_count(WIDTH // HEADS)
    out.add_rope_freq_base(10000.0)
    out.add_layer_norm_rms_eps(1e-5)
    out.add_vocab_size(vocab)
    out.add_file_type(gguf.LlamaFileType.ALL_F32)
    out.add_tokenizer_model("llama")
    out.add_token_list(pieces)
    out.add_token_scores(scores)
    out.add_token_types(types)
    out.add_unk_token_id(0)
    out.add_bos_token_id(1)
    out.add_eos_token_id(2)
    out.add_add_bos_token(True)
    out.add_add_eos_token(False)
    out.add_chat_template(
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )

    out.add_tensor("token_embd.weight", rng.standard_normal((vocab, WIDTH)).astype(np.float32))
    for layer in range(LAYERS):
        block = f"blk.{layer}"
        out.add_tensor(f"{block}.attn_norm.weight", np.ones(WIDTH, np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            out.add_tensor(f"{block}.{name}.weight", matrix(WIDTH, WIDTH))
        out.add_tensor(f"{block}.ffn_norm.weight", np.ones(WIDTH, np.float32))
        out.add_tensor(f"{block}.ffn_gate.weight", matrix(FFN, WIDTH))
        out.add_tensor(f"{block}.ffn_up.weight", matrix(FFN, WIDTH))
        out.add_tensor(f"{block}.ffn_down.weight", matrix(WIDTH, FFN))
    out.add_tensor("output_norm.weight", np.ones(WIDTH, np.float32))
    head = (rng.standard_normal((vocab, WIDTH)) * 3.0 / np.sqrt(WIDTH)).astype(np.float32)
    head[:first_text] = 0.0
    out.add_tensor("output.weight", head)

    out.write_header_to_file()
    out.write_kv_data_to_file()
    out.write_tensors_to_file()
    out.close()


if __name__ == "__main__":
    main()
