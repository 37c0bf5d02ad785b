import { ValueError } from '@isotropic/tensor';

/** `createModel` was given a name nobody registered. */
export class UnknownModelError extends ValueError {
  override name = 'UnknownModelError';
  constructor(
    readonly model: string,
    suggestions: readonly string[],
  ) {
    super(
      `createModel: unknown model '${model}'` +
        (suggestions.length ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '') +
        ' (listModels() lists every registered name)',
    );
  }
}

/** An option a model does not accept, or a value it cannot use. Names the model and the option. */
export class ModelOptionError extends ValueError {
  override name = 'ModelOptionError';
  constructor(
    readonly model: string,
    readonly option: string,
    problem: string,
  ) {
    super(`${model}: option '${option}' ${problem}`);
  }
}

/** `registerBackbone` with a name that is taken, malformed, or a factory that is not a function. */
export class ModelRegistryError extends ValueError {
  override name = 'ModelRegistryError';
}
