// The published ES module (build/web/iglens.js): the API and its types.
export { IGLens } from './api';
export type { AssetOptions, ExplainOptions, InProcessOptions, LoadOptions, ModelFiles, ModelIndex, ModelInfo, PredictResult, Progress } from './api';
export type * from './types';
