import { Code, type FuncRef } from './code-builder.js';
import { writeName, writeUleb, writeVector } from './leb128.js';
import { VALTYPE, type ValType } from './opcodes.js';

const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const EXPORT_KIND_FUNC = 0x00;
const IMPORT_KIND_MEMORY = 0x02;
const FUNC_TYPE = 0x60;

export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  /** Pages of 64 KiB. */
  readonly initial: number;
  readonly maximum: number;
  /** Shared memories can be used by several instances (threads) at once. */
  readonly shared: boolean;
}

interface FunctionEntry {
  readonly name: string;
  readonly typeIndex: number;
  readonly exported: boolean;
  code?: Code;
}

/**
 * Writes a WebAssembly binary: one imported memory and functions, some of them
 * exported. Functions are declared first (so they can call each other in any
 * order) and given bodies later.
 */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly typeBytes: number[][] = [];
  private readonly functions: FunctionEntry[] = [];

  constructor(private readonly memory: MemoryImport) {}

  private typeIndex(params: readonly ValType[], results: readonly ValType[]): number {
    const key = `${params.join(',')}->${results.join(',')}`;
    let index = this.types.indexOf(key);
    if (index < 0) {
      const bytes = [FUNC_TYPE];
      writeVector(
        bytes,
        params.map((p) => VALTYPE[p]),
      );
      writeVector(
        bytes,
        results.map((r) => VALTYPE[r]),
      );
      index = this.types.push(key) - 1;
      this.typeBytes.push(bytes);
    }
    return index;
  }

  /** Declares a function; give it a body with `define` before `build`. */
  declare<R extends ValType | undefined = undefined>(
    name: string,
    params: readonly ValType[],
    result?: R,
    exported = false,
  ): FuncRef<R> & { readonly params: readonly ValType[] } {
    if (this.functions.some((f) => f.name === name)) throw new Error(`duplicate wasm function ${name}`);
    const typeIndex = this.typeIndex(params, result ? [result] : []);
    const index = this.functions.push({ name, typeIndex, exported }) - 1;
    return { index, result: result as R, params };
  }

  define(
    fn: FuncRef<ValType | undefined> & { readonly params: readonly ValType[] },
    body: (c: Code) => void,
  ) {
    const entry = this.functions[fn.index]!;
    if (entry.code) throw new Error(`wasm function ${entry.name} defined twice`);
    const code = new Code(fn.params);
    body(code);
    code.finish();
    entry.code = code;
  }

  /** Declares and defines in one step. */
  func<R extends ValType | undefined = undefined>(
    name: string,
    params: readonly ValType[],
    result: R,
    body: (c: Code) => void,
    exported = false,
  ): FuncRef<R> {
    const fn = this.declare(name, params, result, exported);
    this.define(fn, body);
    return fn;
  }

  build(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, payload: number[]) => {
      out.push(id);
      writeVector(out, payload);
    };

    const types: number[] = [];
    writeUleb(types, this.typeBytes.length);
    for (const t of this.typeBytes) types.push(...t);
    section(SECTION.type, types);

    const imports: number[] = [];
    writeUleb(imports, 1);
    writeName(imports, this.memory.module);
    writeName(imports, this.memory.name);
    imports.push(IMPORT_KIND_MEMORY, this.memory.shared ? 0x03 : 0x01);
    writeUleb(imports, this.memory.initial);
    writeUleb(imports, this.memory.maximum);
    section(SECTION.import, imports);

    const funcs: number[] = [];
    writeUleb(funcs, this.functions.length);
    for (const f of this.functions) writeUleb(funcs, f.typeIndex);
    section(SECTION.function, funcs);

    const exported = this.functions.map((f, i) => [f, i] as const).filter(([f]) => f.exported);
    const exports: number[] = [];
    writeUleb(exports, exported.length);
    for (const [f, i] of exported) {
      writeName(exports, f.name);
      exports.push(EXPORT_KIND_FUNC);
      writeUleb(exports, i);
    }
    section(SECTION.export, exports);

    const codes: number[] = [];
    writeUleb(codes, this.functions.length);
    for (const f of this.functions) {
      if (!f.code) throw new Error(`wasm function ${f.name} was declared but never defined`);
      const body = [...f.code.localDeclarations(), ...f.code.bytes, 0x0b];
      writeVector(codes, body);
    }
    section(SECTION.code, codes);
    return new Uint8Array(out);
  }
}
