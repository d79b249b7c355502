import { decodeLine } from './decode-line';

describe('decodeLine', () => {
  it('decodes valid UTF-8, Vietnamese included', () => {
    expect(decodeLine(Buffer.from('Đăng nhập thất bại ✓', 'utf8'))).toBe('Đăng nhập thất bại ✓');
  });

  it('keeps invalid bytes as \\xNN and decodes the rest', () => {
    expect(decodeLine(Buffer.from([0x61, 0xff, 0x62, 0xc3, 0xa9, 0xe2, 0x82]))).toBe('a\\xFFbé\\xE2\\x82');
  });

  it('rejects overlong encodings and UTF-16 surrogates byte by byte', () => {
    expect(decodeLine(Buffer.from([0xc0, 0xaf]))).toBe('\\xC0\\xAF');
    expect(decodeLine(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xED\\xA0\\x80');
  });

  it('honours the view of a larger buffer', () => {
    const backing = Buffer.from('xxhelloxx');
    expect(decodeLine(backing.subarray(2, 7))).toBe('hello');
  });
});
