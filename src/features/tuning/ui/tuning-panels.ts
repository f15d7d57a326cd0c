import { html, nothing } from 'lit';
import type { PostprocessParams } from '../../models/pipeline/descriptor.js';
import './compare-panel.js';
import './ground-truth-panel.js';
import type { SweepRequestedEvent, SweepValueChosenEvent } from './sweep-chart.js';
import './sweep-chart.js';
import type { TuningController } from './tuning-controller.js';

/**
 * The tuning cards of the right-hand panel, wired to the tuning controller: ground truth,
 * and once labels are loaded, the sweep and the A/B comparison. A sweep point sets a
 * parameter through `setParams`, the same path as the sliders. `redetect` detects the given
 * labelled images again (they came before their labels, so no map is kept); `running`: a run is
 * under way.
 */
export function renderTuningPanels(
  tuning: TuningController,
  params: PostprocessParams | null,
  setParams: (params: PostprocessParams) => void,
  redetect: (ids: ReadonlySet<string>) => void = () => undefined,
  running = false,
) {
  const unmapped = tuning.active ? tuning.live.unmapped() : [];
  return html`<ground-truth-panel
      class="card"
      .files=${tuning.labelFiles}
      .errors=${tuning.fileErrors}
      .pairing=${tuning.active ? tuning.pairing : null}
      .summary=${tuning.active ? tuning.summary : null}
      .live=${tuning.live.keptMaps}
      .rescoreMs=${tuning.live.lastRescoreMs}
      .outside=${tuning.active ? tuning.outsideLabels : []}
      .unmapped=${unmapped.length}
      ?busy=${running}
      @labelled-redetect-requested=${() => redetect(new Set(unmapped.map((item) => item.id)))}
      @ground-truth-files-chosen=${(e: { files: File[] }) => tuning.addFiles(e.files)}
      @ground-truth-cleared=${() => tuning.clear()}
    ></ground-truth-panel>
    ${
      tuning.active && params
        ? html`<sweep-chart
            class="card"
            .params=${params}
            .result=${tuning.sweeps.result}
            .images=${tuning.live.keptMaps.images}
            ?running=${tuning.sweeps.running}
            @sweep-requested=${(e: SweepRequestedEvent) => tuning.sweeps.run(e.key, e.values)}
            @sweep-value-chosen=${(e: SweepValueChosenEvent) => setParams({ ...params, [e.key]: e.value })}
          ></sweep-chart>
          <compare-panel
            class="card"
            .comparison=${tuning.compare.comparison}
            .paramsA=${tuning.compare.pinned?.params ?? null}
            .paramsB=${params}
            ?canPin=${tuning.summary.scored > 0}
            .split=${tuning.compare.split}
            @compare-pinned=${() => tuning.compare.pin()}
            @compare-cleared=${() => tuning.compare.clear()}
            @compare-split-changed=${(e: { split: number }) => tuning.compare.setSplit(e.split)}
            @defaults-save-requested=${() => tuning.compare.saveDefaults()}
          ></compare-panel>`
        : nothing
    }`;
}
