/** Ingest: files, directories, globs, stdin and gzip → lines → normalized events. Never detects. */

export { compileAccessFormat } from './formats/access-log-format.ts';
export type { Format, FormatContext, LineParser, LoginSink } from './formats/index.ts';
export { FORMATS, formatByName } from './formats/index.ts';
export type { JsonReadOptions, JsonReadReport } from './json-records.ts';
export { readJsonRecords } from './json-records.ts';
export type { FileReport, LineSample, ParseOptions } from './parse-file.ts';
export { displayPath, parseFile } from './parse-file.ts';
export { sniffHead } from './sniff-head.ts';
export type { ExpandResult, LogStream, SourceFile } from './sources.ts';
export { expandInputs, groupRotations, rotationOf } from './sources.ts';
