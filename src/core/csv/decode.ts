/** Why a sample cannot be read as text: the message says what it is and what to do. */
export class SampleError extends Error {
  override readonly name = 'SampleError';
}

export interface DecodedSample {
  readonly text: string;
  readonly bom: boolean;
  /** The sample stopped before the end of the file (a bounded read). */
  readonly truncated: boolean;
}

/**
 * Bytes → text for sniffing: UTF-8 with or without a BOM. UTF-16 (by its BOM or its zero bytes)
 * and binary data are refused with a message naming them; Athena reads neither as CSV or JSON.
 */
export function decodeSample(bytes: Uint8Array, truncated: boolean): DecodedSample {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SampleError('The file is UTF-16 encoded. Athena reads text tables as UTF-8: re-save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`).');
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let body = bom ? bytes.subarray(3) : bytes;
  const magic = String.fromCharCode(...body.subarray(0, 4));
  if (magic.startsWith('PK\u0003\u0004')) throw new SampleError('The file is a ZIP archive (an Excel workbook is one too). Athena reads delimited text or JSON lines: export it as CSV first.');
  if (magic === 'PAR1') throw new SampleError('The file is Parquet, not delimited text: create the table with STORED AS PARQUET (no sniffing needed).');
  const probe = body.subarray(0, 4096);
  let zeros = 0;
  let oddZeros = 0;
  probe.forEach((b, i) => {
    if (b !== 0) return;
    zeros++;
    if (i % 2) oddZeros++;
  });
  if (zeros > 0) {
    // UTF-16 text has a zero in every other byte (ASCII letters), all on one side.
    const oneSide = Math.max(oddZeros, zeros - oddZeros) >= zeros * 0.9;
    throw new SampleError(
      oneSide && zeros >= probe.length / 3
        ? 'The file looks UTF-16 encoded (every other byte is zero). Athena reads text tables as UTF-8: re-save it as UTF-8.'
        : 'The file holds binary data (zero bytes), not delimited text or JSON lines. Is it compressed, or a Parquet or Excel file?',
    );
  }
  if (truncated) {
    // A bounded read may end inside a multi-byte character: drop the partial tail.
    let end = body.length;
    let back = 0;
    while (end > 0 && back < 4 && ((body[end - 1] ?? 0) & 0xc0) === 0x80) {
      end--;
      back++;
    }
    if (end > 0 && ((body[end - 1] ?? 0) & 0x80) !== 0) end--;
    body = body.subarray(0, end);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), bom, truncated };
  } catch {
    throw new SampleError('The file is not valid UTF-8 (perhaps Latin-1 or Windows-1252). Athena reads text tables as UTF-8: convert it first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`).');
  }
}
