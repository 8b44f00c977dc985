/*
** test_base_sha256.c — SHA-256 known answers from FIPS 180-4's examples
** (NIST CSRC "SHA256.pdf"), including the padding edge at 55/56/64 bytes.
*/
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void check(const char *msg, size_t len, const char *want)
{
    char out[65];
    ts_sha256_hex(msg, len, out);
    assert_string_equal(out, want);
}

static void test_nist_vectors(void **state)
{
    (void)state;
    check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* the 448-bit message: exactly 56 bytes, so the length needs a second padding block */
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* the 896-bit message (FIPS 180-4 example, two blocks of data) */
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                       "klmnopqrlmnopqrsmnopqrstnopqrstu";
    check(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    /* NIST's long message: one million 'a' */
    size_t n = 1000000;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, 'a', n);
    check(buf, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(buf);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as the program does (sim/cli/main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nist_vectors),
        cmocka_unit_test(test_million_a),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
