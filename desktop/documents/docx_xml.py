"""Low-level WordprocessingML helpers python-docx does not offer: East-Asian fonts, fields, borders, shading,
repeated header rows, bookmarks and a draft watermark. Elements are inserted in schema order (Word rejects
files whose property elements are out of order)."""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Child order of the property elements we touch (ECMA-376 Part 1, CT_TblPr, CT_TcPr, CT_RPr, CT_PPr).
_ORDER = {
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
               "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
              "hideMark",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
             "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
}
_ORDER = {qn(parent): [qn(f"w:{t}") for t in tags.split()] for parent, tags in _ORDER.items()}


def put(parent, element):
    """Insert ``element`` into a property element in schema order, replacing a child of the same tag."""
    old = parent.find(element.tag)
    if old is not None:
        parent.remove(old)
    order = _ORDER[parent.tag]
    later = set(order[order.index(element.tag) + 1:])
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def _el(tag: str, **attrs):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _get(parent, tag: str):
    """The ``tag`` child of a property element, created in schema order when missing."""
    found = parent.find(qn(tag))
    return found if found is not None else put(parent, OxmlElement(tag))


def set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script on a ``w:rPr`` and drop theme fonts (which would override it)."""
    rfonts = _get(rpr, "w:rFonts")
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def strip_theme_fonts(styles_element) -> None:
    """Remove theme font references from every style and the document defaults."""
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def set_doc_defaults(styles_element, font: str, size_pt: float) -> None:
    """Document defaults: East-Asian font, size and the language zh-CN (python-docx's template says en-US)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_fonts(rpr, font)
    size = round(size_pt * 2)
    put(rpr, _el("w:sz", val=size))
    put(rpr, _el("w:szCs", val=size))
    put(rpr, _el("w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA"))


def set_color_black(rpr) -> None:
    put(rpr, _el("w:color", val="000000"))  # replaces a theme colour too


def set_run_color(run, rgb: str) -> None:
    put(run._r.get_or_add_rPr(), _el("w:color", val=rgb))


def remove_paragraph_border(ppr) -> None:
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def remove_children(parent, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def paragraph_border(paragraph, side: str, size_eighths: int = 4, space: int = 1, color: str = "808080") -> None:
    pbdr = _get(paragraph._p.get_or_add_pPr(), "w:pBdr")
    pbdr.append(_el(f"w:{side}", val="single", sz=size_eighths, space=space, color=color))


def clear_tabs(ppr) -> None:
    tabs = ppr.find(qn("w:tabs"))
    if tabs is not None:
        ppr.remove(tabs)


def char_spacing(run, points: float) -> None:
    """Expand (positive) or condense (negative) the spacing after each character, in points."""
    put(run._r.get_or_add_rPr(), _el("w:spacing", val=round(points * 20)))


def mark_size(paragraph, size_pt: float) -> None:
    """The size of the paragraph mark, which sets the height of an empty paragraph."""
    rpr = _get(paragraph._p.get_or_add_pPr(), "w:rPr")
    put(rpr, _el("w:sz", val=round(size_pt * 2)))


def run_border(run, color: str = "990000") -> None:
    """A box around a run (the header note)."""
    put(run._r.get_or_add_rPr(), _el("w:bdr", val="single", sz=8, space=0, color=color))


def add_field(paragraph, instruction: str, cached: str, font: str | None = None, size: float | None = None):
    """A complex field (PAGE, NUMPAGES, PAGEREF …) with ``cached`` as its last computed result."""

    def run_with(element):
        run = paragraph.add_run()
        if font:
            set_fonts(run._r.get_or_add_rPr(), font)
        if size:
            run.font.size = Pt(size)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    result = paragraph.add_run(cached)
    if font:
        set_fonts(result._r.get_or_add_rPr(), font)
    if size:
        result.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def no_autospace(paragraph) -> None:
    """No extra space between Chinese and Latin letters or digits (Word's and LibreOffice's default): in narrow
    table cells it pushes dates such as 2025年10月15日 onto two lines."""
    ppr = paragraph._p.get_or_add_pPr()
    put(ppr, _el("w:autoSpaceDE", val="0"))
    put(ppr, _el("w:autoSpaceDN", val="0"))


def cant_split(row) -> None:
    """A table row that never splits across pages (``w:cantSplit``)."""
    row._tr.get_or_add_trPr().append(_el("w:cantSplit", val="true"))


def repeat_header(row) -> None:
    """Mark a table row as a header row repeated at the top of each page."""
    row._tr.get_or_add_trPr().append(_el("w:tblHeader", val="true"))


def shade(cell, fill: str) -> None:
    put(cell._tc.get_or_add_tcPr(), _el("w:shd", val="clear", color="auto", fill=fill))


def cell_bottom_border(cell, size_eighths: int = 4) -> None:
    borders = _el("w:tcBorders")
    borders.append(_el("w:bottom", val="single", sz=size_eighths, space=0, color="000000"))
    put(cell._tc.get_or_add_tcPr(), borders)


def table_borders(table, outer_eighths: int = 8, inner_eighths: int = 4) -> None:
    """Explicit borders (1 pt box, ½ pt grid) so the table looks the same whatever 'Table Grid' means locally."""
    borders = _el("w:tblBorders")
    for side, size in (("top", outer_eighths), ("left", outer_eighths), ("bottom", outer_eighths),
                       ("right", outer_eighths), ("insideH", inner_eighths), ("insideV", inner_eighths)):
        borders.append(_el(f"w:{side}", val="single", sz=size, space=0, color="000000"))
    put(table._tbl.tblPr, borders)


def cell_margins(table, top_pt: float, side_pt: float, bottom_pt: float) -> None:
    """Default cell margins of a table (Word's 1.9 mm sides waste a narrow "序号" column)."""
    margins = _el("w:tblCellMar")
    for side, value in (("top", top_pt), ("left", side_pt), ("bottom", bottom_pt), ("right", side_pt)):
        margins.append(_el(f"w:{side}", w=round(value * 20), type="dxa"))
    put(table._tbl.tblPr, margins)


def table_width(table, width_mm: float) -> None:
    put(table._tbl.tblPr, _el("w:tblW", w=round(width_mm / 25.4 * 1440), type="dxa"))


def fixed_layout(table) -> None:
    put(table._tbl.tblPr, _el("w:tblLayout", type="fixed"))


def bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def update_fields_on_open(settings_element) -> None:
    """``w:updateFields`` in settings.xml: Word recomputes fields (the TOC's PAGEREFs) when it opens the file.
    CT_Settings is a strict sequence: the flag goes before the first element that must follow it."""
    if settings_element.find(qn("w:updateFields")) is not None:
        return
    flag = _el("w:updateFields", val="true")
    following = {qn(f"w:{t}") for t in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                                        "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                        "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")}
    for child in settings_element:
        if child.tag in following or child.tag.endswith("}mathPr"):
            child.addprevious(flag)
            return
    settings_element.append(flag)


_WATERMARK = """<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<w:pPr><w:pStyle w:val="Header"/></w:pPr>
<w:r><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas>
<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>
<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>
<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/>
</v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>
<v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#d0d0d0" stroked="f">
<v:fill opacity=".6"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
</v:shape>
</w:pict></w:r></w:p>"""


def watermark_paragraph(text: str, font: str, n: int):
    """A header paragraph holding Word's standard diagonal text watermark (VML), which LibreOffice also shows."""
    from xml.sax.saxutils import escape

    width = 120 * max(len(text), 1)
    return parse_xml(_WATERMARK.format(text=escape(text, {'"': "&quot;"}), font=escape(font), n=n,
                                       spid=2049 + n, width=width, height=120))


def _body_paragraph(word, el):
    from docx.text.paragraph import Paragraph

    return Paragraph(el, word._body)


def keep_last(word, count: int = 3) -> None:
    """Keep the last ``count`` paragraphs of the body with what comes next, and a heading right before them."""
    body = [el for el in word.element.body if el.tag != qn("w:sectPr")]
    for i, el in enumerate(reversed(body[-(count + 3):])):
        if el.tag != qn("w:p"):
            break
        p = _body_paragraph(word, el)
        heading = p.style is not None and p.style.name.startswith("Heading")
        if i >= count and not heading:
            break
        p.paragraph_format.keep_with_next = True
        if heading:
            break


def page_break_after_last(word) -> None:
    """A page break at the end of the last paragraph when there is one (an extra paragraph holding only the break
    would print as a blank page whenever the content before it fills its page exactly)."""
    from docx.enum.text import WD_BREAK

    body = word.element.body
    last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
    if last.tag == qn("w:p"):
        _body_paragraph(word, last).add_run().add_break(WD_BREAK.PAGE)
    else:
        word.add_page_break()
