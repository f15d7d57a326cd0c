import { type AttributePart, noChange } from 'lit';
import { Directive, directive, type PartInfo, PartType } from 'lit/directive.js';

/**
 * Sets inline style properties through the CSSOM (`element.style.setProperty`), never through the
 * `style` attribute. The Content-Security-Policy has no `'unsafe-inline'` for styles, which blocks
 * writing the attribute — and Lit's own `styleMap` writes it on first render.
 */
class StylePropsDirective extends Directive {
  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ATTRIBUTE || partInfo.name !== 'style') {
      throw new Error('styleProps() belongs in a style attribute binding');
    }
  }

  render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: AttributePart, [properties]: [Record<string, string>]) {
    for (const [name, value] of Object.entries(properties)) {
      part.element.style.setProperty(name, value);
    }
    return noChange;
  }
}

/** `style=${styleProps({ width: '40%' })}`: CSP-safe inline style properties. */
export const styleProps = directive(StylePropsDirective);
