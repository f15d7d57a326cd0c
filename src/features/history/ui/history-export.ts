/**
 * The whole history as an export: the competition CSV or the full results JSON, oldest result
 * first, reading one stored result at a time so thumbnails are dropped as it goes.
 */
import { type ExportRow, toCompetitionCsv } from '../../export/pipeline/csv.js';
import { type ResultsEntry, resultsEntry, toResultsJson } from '../../export/pipeline/json.js';
import type { ResultSummary, StoredResult } from '../store/history-store.js';

/** What an export reads from the history store. */
export interface HistoryReader {
  /** Summaries of every result, newest first. */
  list(): Promise<ResultSummary[]>;
  /** One full result, or undefined when it is gone. */
  get(id: string): Promise<StoredResult | undefined>;
}

/** Every stored result's export rows, oldest first; results deleted meanwhile are left out. */
export async function readExportRows(
  store: HistoryReader,
): Promise<{ rows: ExportRow[]; entries: ResultsEntry[] }> {
  const summaries = (await store.list()).reverse();
  const rows: ExportRow[] = [];
  const entries: ResultsEntry[] = [];
  for (const summary of summaries) {
    const result = await store.get(summary.id);
    if (!result) continue;
    rows.push({ fileName: result.fileName, detections: result.detections });
    const { fileName, modelId, params } = result;
    entries.push(resultsEntry({ fileName, modelId, params, result }));
  }
  return { rows, entries };
}

/** The competition CSV of every stored result, oldest first. */
export async function historyCsv(store: HistoryReader): Promise<string> {
  return toCompetitionCsv((await readExportRows(store)).rows);
}

/** The full results JSON of every stored result, oldest first. */
export async function historyJson(store: HistoryReader): Promise<string> {
  return toResultsJson((await readExportRows(store)).entries);
}
