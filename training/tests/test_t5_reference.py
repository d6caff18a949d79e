"""t5_reference.py's tokenization on ids derived by hand from the tiny vocabulary (tiny_reference.spiece_pieces)."""

from magi_nano import t5_reference


def test_the_unigram_viterbi_finds_the_best_scoring_split():
    # "▁" + word i is 4 + i, letter c is 31 + (c - 'a'): "▁dog" (-4.7) + "s" (-8.18) beats "▁" + four letters.
    assert t5_reference.tokenize("a red ball") == [4, 6, 9]
    assert t5_reference.tokenize("dogs") == [11, 49]
    assert t5_reference.tokenize("  the   sun ") == [5, 19]


def test_eos_padding_and_truncation_as_t5_tokenizer():
    assert t5_reference.ids_and_mask("the sun", 5) == ([5, 19, 1, 0, 0], [1, 1, 1, 0, 0])
    assert t5_reference.ids_and_mask("a red ball", 3) == ([4, 6, 1], [1, 1, 1])
