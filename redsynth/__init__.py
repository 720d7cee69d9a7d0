__version__ = "0.0.1"

# Public names are imported lazily (PEP 562) so `import redsynth` stays fast and never pulls in
# borb, augraphy, torch or ray until they are used.
import importlib as _importlib
_lazy = {
    'Bbox':'bbox', 'boxes_iou':'bbox', 'boxes_area':'bbox', 'boxes_clip':'bbox',
    'Element':'pages', 'Page':'pages', 'make_page':'pages', 'pages_from_pdfs':'pages',
    'pages_from_images':'pages', 'show_page':'pages', 'LAYOUTS':'pages', 'ink_coverage':'pages',
    'BadInputWarning':'pages', 'KINDS':'pages',
    'Annotation':'redact', 'RedactConfig':'redact', 'redact':'redact', 'show_redactions':'redact',
    'find_content':'content',
    'degrade':'degrade', 'PRESETS':'degrade', 'Degraded':'degrade', 'box_contrast':'degrade',
    'Pipeline':'degrade', 'Step':'degrade', 'tune_malloc':'degrade', 'STYLES':'redact', 'TARGETS':'redact', 'check_marks':'redact',
    'make_synthetic_dataset':'export', 'check_dataset':'export', 'merge_coco':'export',
    'show_batch':'export', 'dataset_stats':'export', 'DatasetWriter':'export',
    'make_sample':'export', 'SynthConfig':'export', 'CheckReport':'export', 'list_sources':'export',
}

def __getattr__(name):
    if name in _lazy: return getattr(_importlib.import_module(f'.{_lazy[name]}', __name__), name)
    raise AttributeError(f"module 'redsynth' has no attribute {name!r}")

def __dir__(): return sorted([*globals(), *_lazy])
