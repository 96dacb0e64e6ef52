import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error.js';
import { booleanSetting, choiceSetting, listSetting, portSetting, stringSetting } from './env-values.js';

describe('settings read from the environment', () => {
  it('reads blank as unset, and trims', () => {
    expect(stringSetting({ A: '  x ' }, 'A')).toBe('x');
    expect(stringSetting({ A: '   ' }, 'A')).toBeUndefined();
    expect(booleanSetting({ A: ' ' }, 'A', true)).toBe(true);
    expect(portSetting({ A: '' }, 'A', 3000)).toBe(3000);
    expect(choiceSetting({ A: ' ' }, 'A', ['x', 'y'], 'y')).toBe('y');
  });

  it.each([
    ['true', true],
    [' TRUE ', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['Off', false],
  ])('reads %j as %s', (value, expected) => {
    expect(booleanSetting({ A: value }, 'A', !expected)).toBe(expected);
  });

  it('refuses a boolean it cannot read, naming the variable', () => {
    expect(() => booleanSetting({ FLAG: 'maybe' }, 'FLAG', false)).toThrow('FLAG must be true or false, not "maybe".');
  });

  it('reads ports, 0 only where any free port is allowed, and refuses the rest', () => {
    expect(portSetting({ P: '8080' }, 'P', 1)).toBe(8080);
    expect(portSetting({ P: '0' }, 'P', 1, { allowAny: true })).toBe(0);
    for (const bad of ['0', '-1', '65536', '80.5', 'http', '1e3'])
      expect(() => portSetting({ P: bad }, 'P', 1)).toThrow(/^P must be a port number/);
  });

  it('reads one of its choices, and refuses any other, naming them', () => {
    expect(choiceSetting({ MODE: ' b ' }, 'MODE', ['a', 'b', 'c'], 'a')).toBe('b');
    expect(() => choiceSetting({ MODE: 'B' }, 'MODE', ['a', 'b', 'c'], 'a')).toThrow('MODE must be a, b or c, not "B".');
  });

  it('refuses with a ConfigurationError that names the setting, for the error handler and the logs', () => {
    const refusals = [
      () => booleanSetting({ S: 'maybe' }, 'S', false),
      () => portSetting({ S: 'http' }, 'S', 1),
      () => choiceSetting({ S: 'd' }, 'S', ['a'], 'a'),
    ];
    for (const refusal of refusals) expect(refusal).toThrow(expect.objectContaining({ name: 'ConfigurationError', setting: 'S' }));
    expect(refusals[0]).toThrow(ConfigurationError);
  });

  it('reads comma-separated lists', () => {
    expect(listSetting({ L: ' a, b,,c ' }, 'L')).toEqual(['a', 'b', 'c']);
    expect(listSetting({}, 'L')).toEqual([]);
  });
});
