import type { JsonValue } from '../../../core/json.ts';
import { formatGoDuration, parseGoDuration } from '../../operators/go-duration.ts';
import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';
import { RFC3339, formatRFC3339, fromDate, parseGoTime, truncateTime, wallClock, type GoTime } from '../go-time.ts';

function parseWith(name: string, layout: string, text: string): GoTime {
  const t = parseGoTime(layout, text);
  if (typeof t === 'string') throw new FunctionError(name, t);
  return t;
}

function timeArg(name: string, args: JsonValue[], index: number): GoTime {
  return parseWith(name, RFC3339, stringArg(name, args, index));
}

function durationArg(name: string, args: JsonValue[], index: number): bigint {
  const text = stringArg(name, args, index);
  const d = parseGoDuration(text);
  if (d === undefined) throw new FunctionError(name, `time: invalid duration "${text}"`);
  return d;
}

export const TIME_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: 'time_since', arity: 3,
    call: (a, env) => {
      const layout = stringArg('time_since', a, 0) || RFC3339;
      const start = parseWith('time_since', layout, stringArg('time_since', a, 1));
      const endText = stringArg('time_since', a, 2);
      const end = endText === '' ? fromDate(env.now()) : parseWith('time_since', layout, endText);
      return formatGoDuration(end.nanos - start.nanos);
    },
  },
  { name: 'time_now', arity: 0, call: (_a, env) => formatRFC3339(fromDate(env.now(), -env.now().getTimezoneOffset() * 60)) },
  { name: 'time_now_utc', arity: 0, call: (_a, env) => formatRFC3339(fromDate(env.now())) },
  {
    name: 'time_to_cron', arity: 1,
    call: (a) => {
      const w = wallClock(timeArg('time_to_cron', a, 0));
      return `${w.minute} ${w.hour} ${w.day} ${w.month} ${w.weekday}`;
    },
  },
  {
    name: 'time_add', arity: 2,
    call: (a) => {
      const t = timeArg('time_add', a, 0);
      return formatRFC3339({ nanos: t.nanos + durationArg('time_add', a, 1), offset: t.offset });
    },
  },
  {
    name: 'time_parse', arity: 2,
    call: (a) => {
      const layout = stringArg('time_parse', a, 0);
      const text = stringArg('time_parse', a, 1);
      if (/^[+-]?\d+$/.test(layout)) {
        if (!/^[+-]?\d+$/.test(text)) throw new FunctionError('time_parse', `strconv.ParseInt: parsing "${text}": invalid syntax`);
        return formatRFC3339({ nanos: BigInt(text) * 1_000_000_000n, offset: 0 });
      }
      return formatRFC3339(parseWith('time_parse', layout, text));
    },
  },
  { name: 'time_utc', arity: 1, call: (a) => formatRFC3339({ nanos: timeArg('time_utc', a, 0).nanos, offset: 0 }) },
  {
    name: 'time_diff', arity: 2,
    call: (a) => formatGoDuration(timeArg('time_diff', a, 1).nanos - timeArg('time_diff', a, 0).nanos),
  },
  { name: 'time_before', arity: 2, call: (a) => timeArg('time_before', a, 0).nanos < timeArg('time_before', a, 1).nanos },
  { name: 'time_after', arity: 2, call: (a) => timeArg('time_after', a, 0).nanos > timeArg('time_after', a, 1).nanos },
  {
    name: 'time_between', arity: 3,
    call: (a) => {
      const t = timeArg('time_between', a, 0).nanos;
      return t > timeArg('time_between', a, 1).nanos && t < timeArg('time_between', a, 2).nanos;
    },
  },
  {
    name: 'time_truncate', arity: 2,
    call: (a) => formatRFC3339(truncateTime(timeArg('time_truncate', a, 0), durationArg('time_truncate', a, 1))),
  },
];
