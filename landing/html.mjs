// A small HTML tokenizer for the build's hooks (landing/link.mjs,
// landing/integrity.mjs): the start and end tags of a page, each attribute
// with where its value sits in the text, so a hook can change exactly one
// value and leave every other byte as Trunk wrote it. Node has no HTML
// parser and the build takes no npm dependencies; a page the build writes
// needs only this much of the HTML syntax (WHATWG HTML §13.2.5):
// comments, doctypes and processing instructions are skipped, the text of
// `<script>`, `<style>`, `<title>` and `<textarea>` is not read as tags,
// attribute values may be double-quoted, single-quoted or unquoted, and of
// two attributes with one name the first counts (as in a browser).
// Character references in values are left as written.

// Elements whose text runs to their end tag without any tag inside (a "/>"
// does not end them: HTML ignores it on elements that are not void).
const RAW_TEXT = new Set(["script", "style", "title", "textarea"]);

const isSpace = (c) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f";
const isLetter = (c) => /^[A-Za-z]$/.test(c);

// The tags of `html`, in order. Each is
//   { kind: "start" | "end", name, start, end, selfClosing, attrs, body }
// with `start`..`end` its span in `html` (from `<` to after `>`), `name`
// lower-cased, and for a start tag `attrs`: a Map from each lower-cased
// attribute name to { value, start, end, quote } (`start`..`end` the value's
// span without its quotes, `quote` the quote character or "" for none; for
// an attribute without a value, `value` "", an empty span after the name and
// `quote` null), and `body`: the raw text of a `<script>` or
// `<style>` up to its end tag ("" otherwise). Text that is not a tag is
// skipped. A tag left open at the end of the text is an error: a page cut
// short is not one to rewrite.
export const tokenize = (html) => {
  const tags = [];
  let i = 0;
  const fail = (what) => {
    throw new Error(`HTML: ${what} at offset ${i}: ${JSON.stringify(html.slice(i, i + 40))}`);
  };
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    i = lt;
    if (html.startsWith("<!--", i)) {
      const close = html.indexOf("-->", i + 4);
      if (close < 0) fail("a comment without -->");
      i = close + 3;
      continue;
    }
    const next = html[i + 1] ?? "";
    if (next === "!" || next === "?") {
      const close = html.indexOf(">", i);
      if (close < 0) fail("a declaration without >");
      i = close + 1;
      continue;
    }
    const closing = next === "/";
    const nameAt = i + (closing ? 2 : 1);
    if (!isLetter(html[nameAt] ?? "")) {
      i += 1; // a "<" in text
      continue;
    }
    const tag = readTag(html, i, nameAt, closing, fail);
    tags.push(tag);
    i = tag.end;
    if (tag.kind === "start" && RAW_TEXT.has(tag.name)) {
      const endTag = new RegExp(`</${tag.name}[\\s/>]`, "ig");
      endTag.lastIndex = i;
      const m = endTag.exec(html);
      if (!m) fail(`<${tag.name}> without </${tag.name}>`);
      if (tag.name === "script" || tag.name === "style") tag.body = html.slice(i, m.index);
      i = m.index;
    }
  }
  return tags;
};

// One tag from `<` at `start`, its name from `nameAt`.
const readTag = (html, start, nameAt, closing, fail) => {
  let i = nameAt;
  while (i < html.length && !isSpace(html[i]) && html[i] !== "/" && html[i] !== ">") i += 1;
  const name = html.slice(nameAt, i).toLowerCase();
  const attrs = new Map();
  let selfClosing = false;
  for (;;) {
    while (i < html.length && (isSpace(html[i]) || html[i] === "/")) {
      selfClosing = html[i] === "/";
      i += 1;
    }
    if (i >= html.length) fail(`<${name} without >`);
    if (html[i] === ">") {
      i += 1;
      break;
    }
    selfClosing = false;
    const attrAt = i;
    i += 1; // the first character of a name may be "=" (HTML says so)
    while (i < html.length && !isSpace(html[i]) && !"/>=".includes(html[i])) i += 1;
    const attrName = html.slice(attrAt, i).toLowerCase();
    let j = i;
    while (j < html.length && isSpace(html[j])) j += 1;
    let attr = { value: "", start: i, end: i, quote: null };
    if (html[j] === "=") {
      j += 1;
      while (j < html.length && isSpace(html[j])) j += 1;
      const quote = html[j] === '"' || html[j] === "'" ? html[j] : "";
      if (quote) {
        const close = html.indexOf(quote, j + 1);
        if (close < 0) fail(`an attribute value without its closing ${quote}`);
        attr = { value: html.slice(j + 1, close), start: j + 1, end: close, quote };
        i = close + 1;
      } else {
        let k = j;
        while (k < html.length && !isSpace(html[k]) && html[k] !== ">") k += 1;
        attr = { value: html.slice(j, k), start: j, end: k, quote };
        i = k;
      }
    }
    if (!attrs.has(attrName)) attrs.set(attrName, attr);
  }
  return { kind: closing ? "end" : "start", name, start, end: i, selfClosing, attrs, body: "" };
};

// `html` with each { start, end, text } edit's span replaced by its text
// (the spans must not overlap).
export const applyEdits = (html, edits) => {
  let out = html;
  for (const { start, end, text } of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, start) + text + out.slice(end);
  }
  return out;
};
