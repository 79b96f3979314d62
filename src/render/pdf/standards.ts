// What a tagged file says about itself, written at its end (./tag-content.ts calls this): the XMP
// metadata pdfkit writes, made valid XML and consistent with the document information dictionary;
// and, for each standard claimed, its identification (pdfaid, pdfuaid) and for PDF/A the sRGB
// output intent. pdfkit's own `subset` option claims one standard only and embeds a profile from its
// package; ours ships with the repository (data/icc/, from Debian's icc-profiles-free, zlib licence).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';
import type { PdfStandard } from '../../model.js';
import type { PdfRef, TaggableDocument } from './tag-content.js';

export const ICC_PROFILE = join(PACKAGE_ROOT, 'data', 'icc', 'sRGB.icc');

interface StandardsDocument extends TaggableDocument {
  _root: PdfRef;
}

export function writeStandards(doc: TaggableDocument, standards: readonly PdfStandard[]): void {
  const target = doc as StandardsDocument;
  xmlSafeInfo(target);
  const modified = doc.info['ModDate'];
  // PDF/A: every entry of the information dictionary has its equal in the XMP (pdfkit writes the rest).
  if (modified instanceof Date)
    doc.appendXML(
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">` +
        `<xmp:ModifyDate>${xmpDate(modified)}</xmp:ModifyDate></rdf:Description>`,
    );
  const archival = standards.find((s) => s === 'a-2b' || s === 'a-3b');
  if (archival) {
    doc.appendXML(
      `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">` +
        `<pdfaid:part>${archival === 'a-2b' ? 2 : 3}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>` +
        `</rdf:Description>`,
    );
    addOutputIntent(target);
  }
  if (standards.includes('ua-1'))
    doc.appendXML(
      `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">` +
        `<pdfuaid:part>1</pdfuaid:part></rdf:Description>`,
    );
}

/** sRGB as the output intent: what DeviceRGB colours mean, which PDF/A asks every file to say. */
function addOutputIntent(doc: StandardsDocument): void {
  const profileBytes = readFileSync(ICC_PROFILE);
  const profile = doc.ref({ Length: profileBytes.length, N: 3 });
  (profile as PdfRef & { write(data: Buffer): void }).write(profileBytes);
  profile.end();
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    Info: new String('sRGB IEC61966-2.1'),
    DestOutputProfile: profile,
  });
  intent.end();
  doc._root.data['OutputIntents'] = [intent];
}

/** pdfkit copies the title, author, subject and keywords into the XMP as they are: escape them there. */
function xmlSafeInfo(doc: TaggableDocument): void {
  const addInfo = doc._addInfo;
  if (typeof addInfo !== 'function') throw new Error('pdfkit seam moved: PDFDocument._addInfo is missing');
  doc._addInfo = function addEscapedInfo(this: TaggableDocument): void {
    const info = this.info;
    this.info = Object.fromEntries(
      Object.entries(info).map(([key, value]) => [key, typeof value === 'string' ? escapeXml(value) : value]),
    );
    try {
      addInfo.call(this);
    } finally {
      this.info = info;
    }
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

/** As pdfkit writes xmp:CreateDate: UTC, whole seconds. */
function xmpDate(date: Date): string {
  return `${date.toISOString().split('.')[0]}Z`;
}
