#!/usr/bin/python3
"""PyTorch peer of NewsClassifier's TorchSharp BERT (src/NewsClassifier.ML/Models/Bert).

Our own BERT, written from the architecture module for module the way Hugging Face's modeling_bert.py lays it out
(same module tree, so the state-dict keys are Hugging Face's: bert.embeddings.word_embeddings.weight, ...,
classifier.bias). It needs only torch (Debian's python3-torch), not transformers.

Run by the C# `bert` benchmark: /usr/bin/python3 bert_reference.py job.json; prints one JSON object on stdout.
Modes (job["mode"]):
  bench        fine-tune throughput (dynamic padding and fixed max_length padding) and inference latency/throughput,
               on the token ids and batches the C# side chose, starting from the C# side's model.safetensors
  features     a Hugging Face BertModel folder (config.json + model.safetensors, keys without "bert.") and token ids ->
               pooled_output and the first row of sequence_output, in eval mode (the reference the CLI's
               bert-features is checked against on a real checkpoint)
  equivalence  builds a seeded BertForSequenceClassification, writes pytorch_model.bin (torch.save) and
               model.safetensors (our writer below), and the outputs for the given padded inputs as JSON
"""
import json
import math
import resource
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_env import blas_in_use


# ---------------------------------------------------------------------------------------------- the model


class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=c["pad_token_id"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])
        # Not part of the state dict (Hugging Face made it non-persistent too); our loaders ignore it anyway.
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).unsqueeze(0), persistent=False)

    def forward(self, input_ids, token_type_ids):
        t = input_ids.shape[1]
        x = (self.word_embeddings(input_ids)
             + self.position_embeddings(self.position_ids[:, :t])
             + self.token_type_embeddings(token_type_ids))
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c["num_attention_heads"]
        self.head_size = c["hidden_size"] // self.heads
        self.query = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.key = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.value = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_size).permute(0, 2, 1, 3)  # (B, heads, T, d)

    def forward(self, hidden, additive_mask):
        q, k, v = self.split(self.query(hidden)), self.split(self.key(hidden)), self.split(self.value(hidden))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask  # (B, heads, T, T)
        probs = self.dropout(scores.softmax(-1))
        context = (probs @ v).permute(0, 2, 1, 3).contiguous()
        return context.view(context.shape[0], context.shape[1], -1)  # (B, T, H)


class BertSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, context, residual):
        return self.LayerNorm(self.dropout(self.dense(context)) + residual)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c)

    def forward(self, hidden, additive_mask):
        return self.output(self.self(hidden, additive_mask), hidden)


def activation(name):
    if name == "gelu":
        return lambda x: F.gelu(x)  # erf form, as BERT was trained
    if name in ("gelu_new", "gelu_pytorch_tanh"):
        return lambda x: F.gelu(x, approximate="tanh")
    if name == "relu":
        return F.relu
    raise ValueError(f"unsupported hidden_act {name!r}")


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])
        self.act = activation(c["hidden_act"])

    def forward(self, hidden):
        return self.act(self.dense(hidden))


class BertOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["intermediate_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, intermediate, residual):
        return self.LayerNorm(self.dropout(self.dense(intermediate)) + residual)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertOutput(c)

    def forward(self, hidden, additive_mask):
        attended = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(c) for _ in range(c["num_hidden_layers"]))

    def forward(self, hidden, additive_mask):
        for block in self.layer:
            hidden = block(hidden, additive_mask)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])

    def forward(self, sequence):
        return torch.tanh(self.dense(sequence[:, 0]))


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)
        self.pooler = BertPooler(c)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        hidden = self.embeddings(input_ids, token_type_ids)
        # Additive mask: 0 where attended, the dtype's lowest finite value on padding, broadcast over heads and queries.
        m = attention_mask[:, None, None, :].to(hidden.dtype)
        additive = (1.0 - m) * torch.finfo(hidden.dtype).min
        sequence = self.encoder(hidden, additive)
        return sequence, self.pooler(sequence)


class BertForSequenceClassification(nn.Module):
    def __init__(self, c, num_labels):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(c.get("classifier_dropout") or c["hidden_dropout_prob"])
        self.classifier = nn.Linear(c["hidden_size"], num_labels)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(m):
        # Hugging Face BertPreTrainedModel._init_weights: N(0, 0.02), zero biases and padding row, LayerNorm (1, 0).
        if isinstance(m, nn.Linear):
            m.weight.data.normal_(0.0, 0.02)
            m.bias.data.zero_()
        elif isinstance(m, nn.Embedding):
            m.weight.data.normal_(0.0, 0.02)
            if m.padding_idx is not None:
                m.weight.data[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            m.weight.data.fill_(1.0)
            m.bias.data.zero_()

    def forward(self, input_ids, attention_mask):
        sequence, pooled = self.bert(input_ids, attention_mask)
        return self.classifier(self.dropout(pooled)), sequence, pooled


# ---------------------------------------------------------------------------------------------- safetensors

_DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2), "F64": (torch.float64, 8)}


def write_safetensors(path, tensors):
    """8-byte little-endian header length, JSON header (dtype, shape, data_offsets per tensor), raw little-endian bytes."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # keep the data 8-byte aligned, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base, out = 8 + n, {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype, _ = _DTYPES[info["dtype"]]
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(raw[base + start:base + end]), dtype=dtype) if end > start else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info["shape"]).to(torch.float32)
    return out


def load_body(model, path):
    """Strict load of a body-only checkpoint (bert.* keys) into a classifier; the head keeps its seeded init."""
    state = read_safetensors(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    head = [k for k in missing if k.startswith("classifier.")]
    if set(missing) != set(head) or unexpected:
        raise RuntimeError(f"checkpoint mismatch: missing {sorted(set(missing) - set(head))}, unexpected {unexpected}")
    return len(state)


# ---------------------------------------------------------------------------------------------- measuring


def _status_mb(key):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_reset():
    """Linux: writing 5 to clear_refs resets VmHWM, so each phase reports its own peak. Returns the RSS now (MB)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status_mb("VmRSS:")


def peak_rss_mb():
    return _status_mb("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pad(rows, length, pad_id):
    ids = torch.full((len(rows), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for r, seq in enumerate(rows):
        ids[r, :len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[r, :len(seq)] = 1
    return ids, mask


def train_phase(job, padding, batches):
    c, t = job["config"], job["train"]
    torch.manual_seed(job["seed"])
    model = BertForSequenceClassification(c, job["num_labels"])
    load_body(model, job["weights"])
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=t["learning_rate"], weight_decay=t["weight_decay"])
    articles, labels = job["articles"], job["labels"]
    start_rss = peak_rss_reset()
    seconds, seen, tokens, real, losses = 0.0, 0, 0, 0, []
    cpu, split = 0.0, [0.0, 0.0, 0.0]  # forward (padding, model, loss), backward, clip + AdamW
    for step, batch in enumerate(batches):
        rows = [articles[i] for i in batch]
        length = max(len(r) for r in rows) if padding == "dynamic" else t["max_length"]
        t0, c0 = time.perf_counter(), time.process_time()
        ids, mask = pad(rows, length, c["pad_token_id"])
        y = torch.tensor([labels[i] for i in batch], dtype=torch.long)
        opt.zero_grad()
        logits, _, _ = model(ids, mask)
        loss = F.cross_entropy(logits, y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), t["gradient_clip"])
        opt.step()
        losses.append(float(loss))
        t3 = time.perf_counter()
        elapsed = t3 - t0
        if step >= t["warmup_steps"]:
            cpu += time.process_time() - c0
            split[0] += t1 - t0
            split[1] += t2 - t1
            split[2] += t3 - t2
            seconds += elapsed
            seen += len(batch)
            tokens += ids.numel()
            real += sum(len(r) for r in rows)
    measured = len(batches) - t["warmup_steps"]
    return {"articles_per_second": seen / seconds, "seconds_per_step": seconds / measured,
            "mean_tokens_per_batch": tokens / measured, "mean_real_tokens_per_batch": real / measured,
            "first_loss": losses[0], "last_loss": losses[-1], "peak_rss_mb": peak_rss_mb(), "start_rss_mb": start_rss,
            "cpu_seconds_per_step": cpu / measured, "forward_seconds": split[0] / measured, "backward_seconds": split[1] / measured, "update_seconds": split[2] / measured}


def infer_phase(job):
    c, inf = job["config"], job["infer"]
    torch.manual_seed(job["seed"])
    model = BertForSequenceClassification(c, job["num_labels"])
    load_body(model, job["weights"])
    model.eval()
    articles = job["articles"]
    start_rss = peak_rss_reset()
    singles = []
    with torch.inference_mode():
        for n in range(inf["warmup"] + inf["single_runs"]):
            seq = articles[inf["single"][n % len(inf["single"])]]
            t0 = time.perf_counter()
            ids, mask = pad([seq], len(seq), c["pad_token_id"])
            model(ids, mask)[0].softmax(-1)
            if n >= inf["warmup"]:
                singles.append((time.perf_counter() - t0) * 1000)
        singles.sort()
        count = 0
        t0 = time.perf_counter()
        for batch in inf["batches"]:
            rows = [articles[i] for i in batch]
            ids, mask = pad(rows, max(len(r) for r in rows), c["pad_token_id"])
            model(ids, mask)[0].softmax(-1)
            count += len(batch)
        batch_seconds = time.perf_counter() - t0
    pct = lambda p: singles[min(len(singles) - 1, int(p * len(singles)))]
    return {"single_p50_ms": pct(0.50), "single_p99_ms": pct(0.99),
            "batch_articles_per_second": count / batch_seconds, "peak_rss_mb": peak_rss_mb(), "start_rss_mb": start_rss}


def equivalence(job):
    c, out = job["config"], job["out_dir"]
    torch.manual_seed(job["seed"])
    model = BertForSequenceClassification(c, job["num_labels"])
    model.eval()
    state = model.state_dict()
    torch.save(state, f"{out}/pytorch_model.bin")
    write_safetensors(f"{out}/model.safetensors", state)
    ids = torch.tensor(job["input_ids"], dtype=torch.long)
    mask = torch.tensor(job["attention_mask"], dtype=torch.long)
    with torch.no_grad():
        logits, sequence, pooled = model(ids, mask)
    outputs = {"input_ids": job["input_ids"], "attention_mask": job["attention_mask"],
               "logits": logits.tolist(), "pooled_output": pooled.tolist(), "sequence_output": sequence.tolist()}
    with open(f"{out}/reference_outputs.json", "w") as f:
        json.dump(outputs, f)
    return {"keys": len(state), "parameters": sum(p.numel() for p in model.parameters()),
            "outputs": f"{out}/reference_outputs.json"}


def main():
    job = json.load(open(sys.argv[1]))
    torch.set_num_threads(job["threads"])
    result = {"torch_version": torch.__version__, "python_version": sys.version.split()[0], "threads": torch.get_num_threads(),
              "blas": blas_in_use()}
    if job["mode"] == "equivalence":
        result.update(equivalence(job))
    elif job["mode"] == "features":
        result.update(features(job))
    else:
        result["train"] = {p["name"]: train_phase(job, p["padding"], p["batches"]) for p in job["train"]["phases"]}
        result["infer"] = infer_phase(job)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
