import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, spreadsheetText, tsvCell } from './spreadsheet.js';

describe('stats CSV cells', () => {
  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    );
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('-')).toBe("'-");
  });

  it('leaves numbers, plain text and empty cells as they are, and quotes separators', () => {
    expect(csvCell('-7.50')).toBe('-7.50');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('camp-a')).toBe('camp-a');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('writes a BOM, a header and CRLF lines', () => {
    expect(csvDocument(['a', 'b'], [['1', null]])).toBe('\uFEFFa,b\r\n1,\r\n');
  });

  it('neutralises TSV cells the same way, after turning tabs and line breaks into spaces', () => {
    expect(tsvCell('=1+1')).toBe("'=1+1");
    expect(tsvCell('a\tb\r\nc')).toBe('a b c');
    expect(tsvCell('-12.5')).toBe('-12.5');
    expect(tsvCell('\r=cmd')).toBe(' =cmd');
    expect(spreadsheetText('@x')).toBe("'@x");
  });
});
