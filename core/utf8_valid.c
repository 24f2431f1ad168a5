/* utf8_valid.c - is a text valid UTF-8? The reader asks this of every
 * byte of every file (400 MB for a form and draft of a million rows), so
 * it is the hot path: on x86-64 with AVX2 32 bytes are checked at once,
 * elsewhere a byte loop with fast paths for ASCII and Chinese text.
 *
 * The vector check is the method of Keiser and Lemire ("Validating UTF-8
 * in less than one instruction per byte", 2021): every byte is classified
 * by three 16-entry tables (the high and low nibble of the byte before it,
 * the high nibble of its own), whose AND has a bit set for each error
 * that pair of bytes may be; a continuation byte must follow a lead
 * exactly as often as the lead says (the third and fourth bytes are
 * checked two and three bytes back). Written here from that description.
 */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

static inline uint32_t le32(uint32_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap32(w);
#else
    return w;
#endif
}

/* ASCII is skipped eight bytes at a time, and multibyte sequences are
 * checked inline with the same rules as u8_decode (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool u8_valid_scalar(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* Chinese text: runs of 3-byte characters, checked without going
         * back to the ASCII fast path between them */
        for (uint32_t w; len - i >= 4; c = s[i]) {
            /* lead E1..EC (E0 and ED have narrower second bytes) and two
             * continuation bytes, tested in one word */
            memcpy(&w, s + i, 4);
            w = le32(w);
            if ((w & 0xC0C0F0u) != 0x8080E0u || c == 0xE0 || c >= 0xED)
                break;
            i += 3;
        }
        while (c >= 0xE1 && c <= 0xEC && len - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
               (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            if (i == len)
                return true;
            c = s[i];
        }
        if (c < 0x80)
            continue;
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the 2nd byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 3;
            if (c == 0xE0)
                lo = 0xA0;                    /* overlong */
            else if (c == 0xED)
                hi = 0x9F;                    /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4;
            if (c == 0xF0)
                lo = 0x90;                    /* overlong */
            else if (c == 0xF4)
                hi = 0x8F;                    /* above U+10FFFF */
        } else {
            return false;
        }
        if (len - i < need || s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k < need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += need;
    }
    return true;
}


#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* What a pair of bytes (the one before, this one) may be wrong as. */
enum {
    TOO_SHORT = 1 << 0,      /* a lead or ASCII where a continuation must be */
    TOO_LONG = 1 << 1,       /* a continuation after ASCII */
    OVERLONG_3 = 1 << 2,     /* E0 80..9F */
    TOO_LARGE = 1 << 3,      /* F4 90..BF, F5..FF */
    SURROGATE = 1 << 4,      /* ED A0..BF */
    OVERLONG_2 = 1 << 5,     /* C0, C1 */
    TOO_LARGE_1000 = 1 << 6, /* F5..FF 80..8F */
    OVERLONG_4 = 1 << 6,     /* F0 80..8F */
    TWO_CONTS = 1 << 7,      /* a continuation after a continuation: right only
                              * as a third or fourth byte */
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

/* Indexed by the high nibble of the byte before, its low nibble, and the
 * high nibble of the byte itself. */
static const uint8_t byte1_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
    TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};
static const uint8_t byte1_low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
    CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
};
static const uint8_t byte2_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT,
    TOO_SHORT, TOO_SHORT,
};

/* A table in both lanes, for looking up 32 nibbles at once. */
#define TABLE(t) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(t)))

/* The n bytes before each byte of in: the last of prev, then in's. */
#define BEFORE(in, prev, n) \
    _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - (n))

__attribute__((target("avx2"))) static __m256i block_errors(__m256i in, __m256i prev)
{
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i prev1 = BEFORE(in, prev, 1);
    __m256i e = _mm256_and_si256(
        _mm256_shuffle_epi8(TABLE(byte1_high),
                            _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble)),
        _mm256_shuffle_epi8(TABLE(byte1_low), _mm256_and_si256(prev1, nibble)));
    e = _mm256_and_si256(e, _mm256_shuffle_epi8(TABLE(byte2_high),
                                                _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble)));
    /* the third byte after an E0..FF lead, the fourth after F0..FF: 80 and up
     * after subtracting, saturated */
    __m256i third = _mm256_subs_epu8(BEFORE(in, prev, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(BEFORE(in, prev, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must, e);
}

__attribute__((target("avx2"))) static bool valid_avx2(const char *s, size_t len)
{
    /* a block ending in a lead whose sequence it does not hold: its last
     * byte C0 and up, the one before E0 and up, the one before that F0 and up */
    const __m256i incomplete = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, (char)0xEF, (char)0xDF, (char)0xBF);
    __m256i prev = _mm256_setzero_si256(), err = prev, open = prev;
    size_t i = 0;
    for (;; i += 32) {
        __m256i in;
        if (i + 32 <= len) {
            in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        } else {
            if (i == len)
                break;
            char tail[32] = {0};   /* the end, then NULs: a sequence cut short is TOO_SHORT */
            memcpy(tail, s + i, len - i);
            in = _mm256_loadu_si256((const __m256i *)(const void *)tail);
        }
        if (!_mm256_movemask_epi8(in)) {
            err = _mm256_or_si256(err, open);   /* ASCII after an open sequence */
            open = _mm256_setzero_si256();
        } else {
            err = _mm256_or_si256(err, block_errors(in, prev));
            open = _mm256_subs_epu8(in, incomplete);
        }
        prev = in;
        if (i + 32 >= len)
            break;
        if ((i & 4095) == 0 && !_mm256_testz_si256(err, err))
            return false;   /* now and then: a bad file need not be read to its end */
    }
    err = _mm256_or_si256(err, open);
    return _mm256_testz_si256(err, err);
}

bool u8_valid(const char *s, size_t len)
{
    if (len >= 64 && __builtin_cpu_supports("avx2"))
        return valid_avx2(s, len);
    return u8_valid_scalar(s, len);
}

#else

bool u8_valid(const char *s, size_t len)
{
    return u8_valid_scalar(s, len);
}

#endif
