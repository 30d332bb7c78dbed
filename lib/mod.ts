/**
 * The course engine, one folder per role, bottom to top:
 *
 * | folder      | what it holds                                                      |
 * | ----------- | ------------------------------------------------------------------ |
 * | `core/`     | matrices, checks, ops, kernels (and the one backend choice), sequence batches |
 * | `random.ts` | the seeded generator and initialisers                             |
 * | `layers/`   | affine, embedding, loss, RNN cell, recurrent layers over time      |
 * | `optim/`    | optimizers, clipping, learning-rate schedules                      |
 * | `data/`     | vocabularies, batches, the stream batcher, tasks, corpora          |
 * | `models/`   | the models: one protocol (forward → pass, backward, predict)       |
 * | `train/`    | the one training loop                                              |
 * | `sampling/` | greedy, temperature and top-k choice; generation                   |
 * | `eval/`     | metrics, held-out evaluation, baselines, edit distance             |
 * | `ngram/`    | n-gram language models: add-k, Kneser–Ney, KN5 with ARPA export    |
 * | `analysis/` | the experiments the notebooks run                                  |
 * | `check/`    | gradient checks and exercise checks                                |
 * | `io/`       | safetensors checkpoints, PyTorch weights                           |
 * | `viz/`      | charts and live progress for Jupyter                               |
 *
 * @module
 */

export * from "./core/mod.ts";
export * from "./random.ts";
export * from "./layers/mod.ts";
export * from "./optim/mod.ts";
export * from "./data/mod.ts";
export * from "./models/mod.ts";
export * from "./train/mod.ts";
export * from "./sampling/mod.ts";
export * from "./eval/mod.ts";
export * from "./analysis/mod.ts";
export * from "./check/mod.ts";
export * from "./io/mod.ts";
export * from "./viz/mod.ts";
export * from "./ngram/mod.ts";
