/**
 * The media module: what a file shows, measured. Probes, PDQ perceptual hashes of images (to the reference
 * definition, ThreatExchange `pdq/`) and of video frames, duplicates, and derived views (posters, strips,
 * contact sheets, proxies, cleaned copies) stored as vault items.
 */
export * from './media-schemas.js';
export { MediaHashService, MAX_IMAGE_FILE_BYTES } from './media-hash-service.js';
export { pdqFromLuma, pdqDihedralFromLuma, type PdqHash, type PdqDihedral } from './pdq/pdq-hash.js';
export { hammingDistance256 } from './pdq/hash256.js';
export { pdqLuma, type Pixels } from './pdq/pdq-luma.js';
export { pdqOfImage, pdqDihedralOfImage } from './pdq/pdq-image.js';
export { decodeImagePixels, ImageDecodeError, MAX_IMAGE_PIXELS } from './image-pixels.js';
export { PdqIndex, pdqWords, distanceAt, type PdqMatch } from './pdq/pdq-index.js';
export { probeMedia, iso6709, type ProbeInput } from './probe/media-probe.js';
export { serveOnLoopback, type SeekableSource, type LoopbackUrl } from './probe/loopback-source.js';
export { MediaItemService, type ItemLender, type JobSender } from './media-item-service.js';
export { frameTimeoutMs } from './video/frame-hashes.js';
export type { VideoFingerprint } from './video/video-fingerprint.js';
export { TmkAccumulator, type TmkFeatures } from './tmk/tmk-features.js';
export { tmkLevel1, tmkLevel2, mirroredTmk } from './tmk/tmk-score.js';
export { TMK_LEVEL1_THRESHOLD, TMK_LEVEL2_THRESHOLD } from './tmk/tmk-parameters.js';
export { MediaAnalysisRepository } from './media-analysis-repository.js';
export { burnedInTime, sampleTimes, BURNED_IN_TIMEOUT_MS } from './ocr/burned-in-time.js';
export { parseClockText, wallClockIso, type ClockReading } from './ocr/clock-text.js';
export { clockStart, type FrameReading, type ClockStart } from './ocr/clock-progression.js';
export { cameraName as printedCameraName } from './ocr/camera-name.js';
export { mediaAnalyseJob, mediaDeriveJob, mediaSweepJob } from './media-jobs.js';
export { MediaDeriveService, type DeriveSummary, type DeriveLender, type ViewIngest } from './derive/media-derive-service.js';
export { DerivedViewRepository } from './derive/derived-view-repository.js';
export { viewRecipes, VIEW_KINDS, type ViewKind, type ViewRecipe } from './derive/view-recipes.js';
export { ffprobeMetadata, exiftoolMetadata, removedMetadata } from './derive/metadata-names.js';
export * from './media-triage-schemas.js';
export { filterCatalogue } from './catalogue-filter.js';
export { openMediaTriage, type MediaTriage } from './open-media-triage.js';
export type { MediaVisibility } from './media-triage-service.js';
