"""文档 page, the 打印/导出 dialog of a record, the preview and printing."""
