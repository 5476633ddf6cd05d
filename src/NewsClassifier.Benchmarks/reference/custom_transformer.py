#!/usr/bin/python3
"""PyTorch peer of NewsClassifier's custom transformer (src/NewsClassifier.ML/Models).

Reads a job JSON written by the C# benchmark (already-vectorised articles, so both sides train on the
same ids and split), trains/infers the same architecture with the same batching, and prints one JSON
object on stdout. Run with Debian's python3-torch: /usr/bin/python3 custom_transformer.py job.json
"""
import json
import math
import random
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_env import blas_in_use


class KerasMultiHeadAttention(nn.Module):
    """Keras MultiHeadAttention(num_heads, key_dim): every head key_dim wide."""

    def __init__(self, c):
        super().__init__()
        inner = c["num_heads"] * c["key_dim"]
        self.heads, self.key_dim = c["num_heads"], c["key_dim"]
        self.query = nn.Linear(c["embed_dim"], inner)
        self.key = nn.Linear(c["embed_dim"], inner)
        self.value = nn.Linear(c["embed_dim"], inner)
        self.attention_output = nn.Linear(inner, c["embed_dim"])

    def forward(self, x, pad):
        b, t, _ = x.shape
        q, k, v = (p(x).view(b, t, self.heads, self.key_dim).transpose(1, 2) for p in (self.query, self.key, self.value))
        scores = (q / math.sqrt(self.key_dim)) @ k.transpose(-2, -1)  # (B, heads, T, T)
        if pad is not None:
            scores = scores.masked_fill(pad.view(b, 1, 1, t), -1e9)
        w = scores.softmax(-1)
        ctx = (w @ v).transpose(1, 2).reshape(b, t, -1)
        return self.attention_output(ctx)


class TransformerBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.att = KerasMultiHeadAttention(c)
        self.dropout1 = nn.Dropout(c["dropout"])
        self.layernorm1 = nn.LayerNorm(c["embed_dim"], eps=c["layer_norm_eps"])
        self.ffn_1 = nn.Linear(c["embed_dim"], c["ff_dim"])
        self.ffn_2 = nn.Linear(c["ff_dim"], c["embed_dim"])
        self.dropout2 = nn.Dropout(c["dropout"])
        self.layernorm2 = nn.LayerNorm(c["embed_dim"], eps=c["layer_norm_eps"])

    def forward(self, x, pad):
        h = self.layernorm1(x + self.dropout1(self.att(x, pad)))
        return self.layernorm2(h + self.dropout2(self.ffn_2(F.relu(self.ffn_1(h)))))


class Classifier(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mask = c["mask_padding"]
        self.token_emb = nn.Embedding(c["vocab_size"], c["embed_dim"])
        self.pos_emb = nn.Embedding(c["max_length"], c["embed_dim"])
        self.blocks = nn.ModuleList(TransformerBlock(c) for _ in range(c["num_blocks"]))
        self.dropout1 = nn.Dropout(c["dropout"])
        self.dense = nn.Linear(c["embed_dim"], c["dense_units"])
        self.dropout2 = nn.Dropout(c["dropout"])
        self.classifier = nn.Linear(c["dense_units"], c["num_classes"])
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Embedding):
                nn.init.uniform_(m.weight, -0.05, 0.05)

    def forward(self, ids):
        pad = ids.eq(0) if self.mask else None
        x = self.token_emb(ids) + self.pos_emb(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x, pad)
        if pad is None:
            pooled = x.mean(1)
        else:
            keep = (~pad).unsqueeze(-1).to(x.dtype)
            pooled = (x * keep).sum(1) / keep.sum(1).clamp_min(1.0)
        return self.classifier(self.dropout2(F.relu(self.dense(self.dropout1(pooled)))))


def pad(ids, rows, length):
    out = torch.zeros(len(rows), max(length, 1), dtype=torch.long)
    for r, i in enumerate(rows):
        seq = ids[i][:length]
        if seq:
            out[r, :len(seq)] = torch.tensor(seq)
    return out


def batches(n, lengths, batch_size, bucket, rng):
    order = list(range(n))
    rng.shuffle(order)
    if not bucket:
        return [order[i:i + batch_size] for i in range(0, n, batch_size)]
    out = []
    pool = batch_size * 50
    for p in range(0, n, pool):
        chunk = sorted(order[p:p + pool], key=lambda i: lengths[i])
        out += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(out)
    return out


def lr_factor(h, step, total):
    warm = round(h["warmup_fraction"] * total)
    if step < warm:
        return (step + 1) / warm
    if h["schedule"] == "constant":
        return 1.0
    progress = min(max((step - warm) / max(1, total - warm), 0.0), 1.0)
    return 1 - progress if h["schedule"] == "linear" else 0.5 * (1 + math.cos(math.pi * progress))


def evaluate(model, ids, labels, h, c):
    model.eval()
    lengths = [len(x) for x in ids]
    order = sorted(range(len(ids)), key=lambda i: lengths[i]) if h["bucket_by_length"] else list(range(len(ids)))
    correct = 0
    with torch.no_grad():
        for s in range(0, len(order), max(h["batch_size"], 256)):
            rows = order[s:s + max(h["batch_size"], 256)]
            length = max(lengths[i] for i in rows) if h["bucket_by_length"] else c["max_length"]
            pred = model(pad(ids, rows, length)).argmax(1)
            correct += int((pred == torch.tensor([labels[i] for i in rows])).sum())
    model.train()
    return correct / len(ids)


def train(job):
    c, h = job["model"], job["training"]
    torch.manual_seed(h["seed"])
    model = Classifier(c)
    params = model.parameters()
    if h["optimizer"] == "adam":
        opt = torch.optim.Adam(params, lr=h["learning_rate"], weight_decay=h["weight_decay"])
    elif h["optimizer"] == "adamw":
        opt = torch.optim.AdamW(params, lr=h["learning_rate"], weight_decay=h["weight_decay"])
    else:
        opt = torch.optim.SGD(params, lr=h["learning_rate"], momentum=h["momentum"], weight_decay=h["weight_decay"])
    ids, labels = job["train_ids"], job["train_labels"]
    lengths = [len(x) for x in ids]
    rng = random.Random(h["seed"])
    steps_per_epoch = math.ceil(len(ids) / h["batch_size"])
    total = steps_per_epoch * h.get("schedule_epochs", h["epochs"])  # a capped run keeps the full run's schedule
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(h, s, total))
    epochs, train_seconds, seen, time_to_target = [], 0.0, 0, None
    start = time.perf_counter()
    model.train()
    for epoch in range(1, h["epochs"] + 1):
        t0 = time.perf_counter()
        for rows in batches(len(ids), lengths, h["batch_size"], h["bucket_by_length"], rng):
            length = max(lengths[i] for i in rows) if h["bucket_by_length"] else c["max_length"]
            x = pad(ids, rows, length)
            y = torch.tensor([labels[i] for i in rows])
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y, label_smoothing=h["label_smoothing"])
            loss.backward()
            if h["gradient_clip"] > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), h["gradient_clip"])
            opt.step()
            sched.step()
            seen += len(rows)
        train_seconds += time.perf_counter() - t0
        acc = evaluate(model, job["val_ids"], job["val_labels"], h, c)
        elapsed = time.perf_counter() - start
        epochs.append({"epoch": epoch, "val_accuracy": acc, "elapsed_seconds": elapsed})
        if time_to_target is None and acc >= job["target_accuracy"]:
            time_to_target = elapsed
            if h.get("stop_at_target"):
                break
    return model, {"epochs": epochs, "articles_per_second": seen / train_seconds,
                   "time_to_target_seconds": time_to_target, "total_seconds": time.perf_counter() - start}


def infer(job, model):
    c = job["model"]
    model.eval()
    ids = job["val_ids"]
    singles = []
    with torch.no_grad():
        for i in range(job.get("single_runs", 300)):
            seq = ids[i % len(ids)]
            t0 = time.perf_counter()
            length = len(seq) if c["mask_padding"] else c["max_length"]
            model(pad([seq], [0], length)).softmax(-1)
            singles.append((time.perf_counter() - t0) * 1000)
        singles.sort()
        bs = job.get("infer_batch_size", 64)
        lengths = [len(x) for x in ids]
        order = sorted(range(len(ids)), key=lambda i: lengths[i]) if c["mask_padding"] else list(range(len(ids)))
        t0 = time.perf_counter()
        for s in range(0, len(order), bs):
            rows = order[s:s + bs]
            length = max(lengths[i] for i in rows) if c["mask_padding"] else c["max_length"]
            model(pad(ids, rows, length)).softmax(-1)
        batch_seconds = time.perf_counter() - t0
    pct = lambda p: singles[min(len(singles) - 1, int(p * len(singles)))]
    return {"single_p50_ms": pct(0.50), "single_p99_ms": pct(0.99), "batch_articles_per_second": len(ids) / batch_seconds}


def main():
    job = json.load(open(sys.argv[1]))
    torch.set_num_threads(job["threads"])
    result = {"torch_version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use()}
    if job["mode"] == "train":
        _, train_result = train(job)
        result.update(train_result)
    else:
        torch.manual_seed(job["training"]["seed"])
        result.update(infer(job, Classifier(job["model"])))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
