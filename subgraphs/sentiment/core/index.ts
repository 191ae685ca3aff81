/** The sentiment core: pure functions over plain data (no I/O). */
export { compound, explainText, scoreText, type SentimentResult } from './scorer';
export { classOf, labelFor, LABEL_THRESHOLDS, type SentimentClass, type SentimentLabel } from './labels';
export { CLASSES, evaluate, parseLabelledCsv, type Evaluation, type LabelledText } from './evaluate';
