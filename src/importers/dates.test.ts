import { describe, expect, it } from 'vitest';
import { parseEpochSeconds, parseSourceDate } from './dates.js';

describe('parseSourceDate', () => {
  it('reads the forms the old systems write, keeping the instant', () => {
    expect(parseSourceDate('2013-10-10T19:20:29Z')).toBe(Date.UTC(2013, 9, 10, 19, 20, 29));
    expect(parseSourceDate('2012-12-12T12:12:12')).toBe(Date.UTC(2012, 11, 12, 12, 12, 12));
    expect(parseSourceDate('2014-01-14 17:31:03')).toBe(Date.UTC(2014, 0, 14, 17, 31, 3));
    expect(parseSourceDate('2017-12-20T15:18:22-06:00')).toBe(Date.UTC(2017, 11, 20, 21, 18, 22));
    expect(parseSourceDate('2018-12-23T02:55:22.472041+0530')).toBe(Date.UTC(2018, 11, 22, 21, 25, 22, 472));
    expect(parseSourceDate('\n\t\t2021-10-27T01:04:20Z\n')).toBe(Date.UTC(2021, 9, 27, 1, 4, 20));
  });
  it('refuses what is not a date', () => {
    for (const bad of ['2011-x09-30T22:48:43Z', '2019-02-30T10:00:00Z', '2019-13-01', '0000-00-00 00:00:00', '1969-12-31T23:59:59Z', 'yesterday', '', '2019-01-01T25:00:00Z', '2019-01-01T10:00:00+25:00']) {
      expect(parseSourceDate(bad), bad).toBeUndefined();
    }
    expect(parseSourceDate(null)).toBeUndefined();
  });
  it('reads Unix seconds with fractions', () => {
    expect(parseEpochSeconds(1593626400.25)).toBe(1593626400250);
    expect(parseEpochSeconds(-5)).toBeUndefined();
    expect(parseEpochSeconds('x')).toBeUndefined();
  });
});
