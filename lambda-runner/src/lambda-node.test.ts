import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lambdaNode } from './lambda-node.js';

const ownMajor = Number(process.versions.node.split('.')[0]);

describe('lambdaNode', () => {
  it("runs a function on this process's Node.js when the runtime names its major version", () => {
    expect(lambdaNode(`nodejs${ownMajor}.x`)).toEqual({ path: process.execPath, version: process.version });
  });

  it("runs nodejs24.x on Node.js 24, the registry's binary when the machine has another", () => {
    const node = lambdaNode('nodejs24.x');
    expect(node.version).toMatch(/^v24\./);
    expect(execFileSync(node.path, ['-p', 'process.version'], { encoding: 'utf8' }).trim()).toBe(node.version);
  });

  it('refuses a runtime with no Node.js of its major version here, saying what to do', () => {
    expect(() => lambdaNode('nodejs8.x')).toThrow(/nodejs8\.x runs on Node\.js 8.*Run npm install.*or run this with Node\.js 8/);
  });

  it('refuses what is not a Node.js runtime', () => {
    expect(() => lambdaNode('python3.12')).toThrow('The local runner runs Node.js functions only, not python3.12');
  });
});
