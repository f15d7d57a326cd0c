/**
 * The model call every pipeline stage takes as a parameter: the worker binds it to an
 * onnxruntime-web session, Node tests and scripts to onnxruntime-node.
 */

/** One float32 output tensor, row-major, with its dims. */
export interface ModelOutput {
  data: Float32Array;
  dims: readonly number[];
}

/** Runs a model on one float32 input tensor (row-major, shaped `dims`) and returns its output. */
export type RunModel = (input: Float32Array, dims: readonly number[]) => Promise<ModelOutput>;
