// A user-defined backbone: three conv blocks and global average pooling.
// Anything that extends Backbone (forwardFeatures + poolFeatures + embedDim)
// works everywhere a built-in model does.
import { Backbone } from '@isotropic/models';
import { BatchNorm2d, Conv2d, ReLU, Sequential } from '@isotropic/nn';
import { foldIn, mean } from '@isotropic/tensor';

export class TinyCNN extends Backbone {
  featureLayout = 'nchw';

  constructor({ inChans = 1, width = 32, key } = {}) {
    super();
    const conv = (cin, cout, stride, i) =>
      new Conv2d(cin, cout, 3, { stride, padding: 1, key: key ? foldIn(key, i) : undefined });
    this.embedDim = width * 4;
    this.body = new Sequential(
      conv(inChans, width, 1, 0),
      new BatchNorm2d(width),
      new ReLU(),
      conv(width, width * 2, 2, 1),
      new BatchNorm2d(width * 2),
      new ReLU(),
      conv(width * 2, width * 4, 2, 2),
      new BatchNorm2d(width * 4),
      new ReLU(),
    );
  }

  forwardFeatures(images) {
    return this.body.call(images);
  }

  poolFeatures(features) {
    return mean(features, [2, 3]);
  }

  forward(images) {
    return this.embed(images);
  }
}
