/// Settings of `GradientBoostedTrees`, the histogram-based gradient boosting behind the direct
/// loss estimate. The defaults are LightGBM's (`LGBMRegressor()`), which NannyML's DLE uses
/// untuned; the LightGBM parameter each one stands for is named in its comment.
public struct BoostingSettings: Sendable, Hashable {
    /// Trees fitted one after another (`n_estimators`, default 100). 0 leaves the mean.
    public var trees: Int
    /// Shrinkage of each tree's leaf values (`learning_rate`, default 0.1).
    public var learningRate: Double
    /// Most leaves per tree, grown best-first (`num_leaves`, default 31; at least 2).
    public var maxLeaves: Int
    /// Fewest training rows in a leaf (`min_child_samples`, default 20; at least 1).
    public var minSamplesPerLeaf: Int
    /// Most bins per input column, the missing-value bin included (`max_bin`, default 255;
    /// 2 to 255).
    public var maxBins: Int
    /// A categorical column with at most this many bins (its categories, plus one when the
    /// training rows had missing or rare codes) is split one category against the rest; one
    /// with more, by categories ordered by their mean gradient (`max_cat_to_onehot`, default 4).
    public var maxOneHotCategories: Int
    /// Added to a category's count when ordering categories by mean gradient; categories with
    /// fewer rows than this are not split off (`cat_smooth`, default 10).
    public var categoricalSmoothing: Double
    /// L2 penalty added to both sides of an ordered categorical split (`cat_l2`, default 10).
    public var categoricalL2: Double
    /// Most categories on the smaller side of an ordered categorical split
    /// (`max_cat_threshold`, default 32).
    public var maxCategoriesPerSplit: Int
    /// Fewest rows per group of categories tried in an ordered categorical split
    /// (`min_data_per_group`, default 100).
    public var minSamplesPerCategoryGroup: Int

    public init(trees: Int = 100, learningRate: Double = 0.1, maxLeaves: Int = 31, minSamplesPerLeaf: Int = 20,
                maxBins: Int = 255, maxOneHotCategories: Int = 4, categoricalSmoothing: Double = 10,
                categoricalL2: Double = 10, maxCategoriesPerSplit: Int = 32, minSamplesPerCategoryGroup: Int = 100) {
        self.trees = trees
        self.learningRate = learningRate
        self.maxLeaves = maxLeaves
        self.minSamplesPerLeaf = minSamplesPerLeaf
        self.maxBins = maxBins
        self.maxOneHotCategories = maxOneHotCategories
        self.categoricalSmoothing = categoricalSmoothing
        self.categoricalL2 = categoricalL2
        self.maxCategoriesPerSplit = maxCategoriesPerSplit
        self.minSamplesPerCategoryGroup = minSamplesPerCategoryGroup
    }

    /// The settings with every value brought into its range (the fitter uses these).
    var clamped: BoostingSettings {
        var s = self
        s.trees = max(0, trees)
        s.learningRate = learningRate.isFinite ? learningRate : 0.1
        s.maxLeaves = max(2, maxLeaves)
        s.minSamplesPerLeaf = max(1, minSamplesPerLeaf)
        s.maxBins = min(255, max(2, maxBins))
        s.maxOneHotCategories = max(0, maxOneHotCategories)
        s.categoricalSmoothing = categoricalSmoothing.isFinite ? max(0, categoricalSmoothing) : 10
        s.categoricalL2 = categoricalL2.isFinite ? max(0, categoricalL2) : 10
        s.maxCategoriesPerSplit = max(1, maxCategoriesPerSplit)
        s.minSamplesPerCategoryGroup = max(0, minSamplesPerCategoryGroup)
        return s
    }
}
