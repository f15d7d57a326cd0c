/**
 * A quick structural check that bytes are a serialised ONNX model at all, before the model in use
 * is unloaded for them. Pure: no DOM, no ONNX Runtime.
 */

/** ONNX `ModelProto` field number of `graph` (onnx.proto3). */
const MODEL_PROTO_GRAPH_FIELD = 7;

/**
 * Checks that `bytes` have the shape of a serialised ONNX `ModelProto`: top-level protobuf fields
 * that are well formed, fit the file exactly and include a graph. Returns null when they do, or
 * a sentence saying why not. ONNX Runtime still has the last word; this catches random or
 * truncated files before the model in use is unloaded for them.
 */
export function onnxStructureProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  let offset = 0;
  let sawGraph = false;
  const readVarint = (): number | null => {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      if (offset >= bytes.length) return null;
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) return value;
      factor *= 128;
    }
    return null;
  };
  while (offset < bytes.length) {
    const tag = readVarint();
    if (tag === null) return 'the file ends in the middle of a field';
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) return 'the file does not start like a protobuf message';
    if (wireType === 0) {
      if (readVarint() === null) return 'the file ends in the middle of a field';
    } else if (wireType === 1) {
      offset += 8;
    } else if (wireType === 5) {
      offset += 4;
    } else if (wireType === 2) {
      const length = readVarint();
      if (length === null || offset + length > bytes.length) {
        return 'a field runs past the end of the file (truncated or not ONNX)';
      }
      if (field === MODEL_PROTO_GRAPH_FIELD) sawGraph = true;
      offset += length;
    } else {
      return `the file has a protobuf wire type ${wireType}, which ONNX never uses`;
    }
    if (offset > bytes.length)
      return 'a field runs past the end of the file (truncated or not ONNX)';
  }
  return sawGraph ? null : 'the file holds no ONNX graph';
}
