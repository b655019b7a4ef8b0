import { Summary, escapeHtml, mermaidLabel } from '../src/summary.js';

test('user data is escaped in headings, paragraphs, tables and details', () => {
  const md = new Summary()
    .heading('<script>alert(1)</script>')
    .paragraph('a & b')
    .table(
      ['name', 'value'],
      [
        ['x|y', 'line1\nline2'],
        [null, 3],
      ],
    )
    .details('more <b>', 'raw <i>text</i>')
    .toString();
  expect(md).toContain('## &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(md).toContain('a &amp; b');
  expect(md).toContain('| x\\|y | line1<br>line2 |');
  expect(md).toContain('|  | 3 |');
  expect(md).toContain('<details><summary>more &lt;b&gt;</summary>');
  expect(md).toContain('<pre>raw &lt;i&gt;text&lt;/i&gt;</pre>');
  expect(md).not.toContain('<script>');
});

test('mermaid blocks and labels', () => {
  const md = new Summary().mermaid('xychart-beta\n  title "a"').toString();
  expect(md).toBe('```mermaid\nxychart-beta\n  title "a"\n```\n');
  expect(mermaidLabel('p95 "latency"\nms')).toBe("p95 'latency' ms");
  expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
});
