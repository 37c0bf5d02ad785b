/**
 * State-dict keys use snake_case, so that they match PyTorch / timm checkpoints
 * while the TypeScript properties stay camelCase: `runningMean` is
 * `running_mean`, `posEmbed` is `pos_embed`; `qkv`, `fc1`, `norm1` are unchanged.
 */
export function stateName(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
