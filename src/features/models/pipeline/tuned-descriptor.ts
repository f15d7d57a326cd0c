import type { ModelDescriptor, PostprocessParams } from './descriptor.js';

/**
 * The descriptor of `model` with `params` as its default post-processing, named as tuned: what
 * "Save as model defaults" downloads, to import beside the same weights.
 */
export function tunedDescriptor(
  model: ModelDescriptor,
  params: PostprocessParams,
): ModelDescriptor {
  const name = model.name.endsWith(' (tuned)') ? model.name : `${model.name} (tuned)`;
  return { ...model, name, postprocess: { ...params } };
}

/** The file name "Save as model defaults" uses: `<model id>.tuned.json`. */
export function tunedDescriptorFileName(model: Pick<ModelDescriptor, 'id'>): string {
  return `${model.id}.tuned.json`;
}
