# mhicl: build, tangle, weave, test, bench.  "make help" lists the targets.
CC      ?= gcc
CFLAGS  ?= -O3 -g
WARN     = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE
LDLIBS   = -lgsl -lopenblas -lm -lpthread
TESTLIBS = -lcmocka
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CHAPTERS = $(sort $(wildcard chapters/*.w))
LIBS     = support tasks estimators risk transformer train evaluate construct theory softmax interpret reproduce he2025 retrieval musat2024
GEN_C    = $(LIBS:%=generated/%.c)
GEN_H    = $(LIBS:%=generated/%.h)
GEN      = generated/mhicl.c $(GEN_C) $(GEN_H)
TESTS    = $(patsubst tests/%.c,%,$(filter-out tests/testutil.c,$(wildcard tests/test_*.c)))

BUILD    = build
OBJ      = $(LIBS:%=$(BUILD)/%.o)
ASAN_OBJ = $(LIBS:%=$(BUILD)/asan/%.o)

.PHONY: he-quick he-paper musat-quick musat-paper musat-paper-ic chen-quick chen-quick-gpt2 gpt2-long chen-paper all tangle pdf check check-asan check-generated check-weave figures demo bench deps clean help mutate
all: mhicl

help:
	@echo "make            tangle and build ./mhicl"
	@echo "make check      build and run every cmocka test (TAP output)"
	@echo "make check-asan the tests under AddressSanitizer and UBSan"
	@echo "make check-generated  fail if generated/ differs from a fresh tangle"
	@echo "make mutate     plant known bugs one at a time in a scratch copy; which tests catch each"
	@echo "make pdf        weave the book mhicl.pdf"
	@echo "make check-weave  fail if the woven book misprints code or has overfull boxes"
	@echo "make figures    rerun the experiments whose CSVs the book plots"
	@echo "make demo       train the tiny transformer, 3 seeds (about 8 minutes on 2 cores)"
	@echo "make musat-quick train the retrieval models of Musat 2024, 3 seeds (about 33 minutes), CSVs to generated/"
	@echo "make musat-paper-ic  IC against no IC at the paper scale, 6 models (about 1 hour), CSV to generated/"
	@echo "make musat-paper the paper-scale retrieval grid, 30 models (5 to 7 hours on 2 cores)"
	@echo "make chen-quick reproduce Chen et al. at small size, 2 seeds (about 17 minutes), CSVs to generated/"
	@echo "make chen-quick-gpt2  the GPT-2 family at the quick size, 1 seed (about 2 hours)"
	@echo "make gpt2-long  four GPT-2-family models trained 2-5 times longer, analyzed (2-4 hours with -j2, by machine)"
	@echo "make he-quick   reproduce He et al. at small size, 2 seeds (timed in the He chapter), CSVs to generated/"
	@echo "make he-paper   He et al.'s 500000 steps, 3 seeds (not run here; about 14 hours on 2 cores; its H = 2 seed-0 unit, 15 minutes, is committed)"
	@echo "make chen-paper the paper-scale grid of the theory family, 2 seeds (about 95 minutes)"
	@echo "make bench      speed against scikit-learn, gslcblas and PyTorch (sh tools/deps.sh --bench first)"
	@echo "make deps       install (as root) or print the Debian packages needed"

deps:
	@sh tools/deps.sh

# Each chapter with code is tangled on its own (its @( files go to generated/); the stamp records
# when.
# (Tangling the spine, with @i, would give wrong #line file names: a CTANGLE 4.7 bug.)
tangle: $(BUILD)/tangle.stamp
$(BUILD)/tangle.stamp: mhicl.w $(CHAPTERS)
	@mkdir -p $(BUILD) generated
	@for c in $(CHAPTERS); do grep -q '^@(' $$c || continue; \
	  ctangle -q $$c - $(BUILD)/ctangle-main.c || exit 1; done
	@touch $@
$(GEN): $(BUILD)/tangle.stamp ;

$(BUILD)/%.o: generated/%.c $(GEN_H)
	$(CC) $(CFLAGS) $(WARN) -Igenerated -c $< -o $@
$(BUILD)/asan/%.o: generated/%.c $(GEN_H)
	@mkdir -p $(BUILD)/asan
	$(CC) -O1 -g $(SAN) $(WARN) -Igenerated -c $< -o $@

mhicl: generated/mhicl.c $(OBJ) $(GEN_H)
	$(CC) $(CFLAGS) $(WARN) -Igenerated generated/mhicl.c $(OBJ) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c tests/testutil.c tests/testutil.h $(OBJ)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CFLAGS) $(WARN) -Igenerated -Itests $< tests/testutil.c $(OBJ) $(TESTLIBS) $(LDLIBS) -o $@
$(BUILD)/asan/tests/%: tests/%.c tests/testutil.c tests/testutil.h $(ASAN_OBJ)
	@mkdir -p $(BUILD)/asan/tests
	$(CC) -O1 -g $(SAN) $(WARN) -Igenerated -Itests $< tests/testutil.c $(ASAN_OBJ) $(TESTLIBS) $(LDLIBS) -o $@
$(BUILD)/asan/mhicl: generated/mhicl.c $(ASAN_OBJ)
	$(CC) -O1 -g $(SAN) $(WARN) -Igenerated generated/mhicl.c $(ASAN_OBJ) $(LDLIBS) -o $@

# Each test executable is one chapter's tests; TAP output; any failure fails the target.
check: mhicl $(TESTS:%=$(BUILD)/tests/%)
	@status=0; for t in $(TESTS); do \
	  echo "# $$t"; \
	  CMOCKA_MESSAGE_OUTPUT=TAP MHICL=./mhicl $(BUILD)/tests/$$t || status=1; \
	done; \
	if [ $$status -eq 0 ]; then echo "all test programs passed"; else echo "some tests FAILED"; fi; \
	exit $$status

check-asan: $(BUILD)/asan/mhicl $(TESTS:%=$(BUILD)/asan/tests/%)
	@status=0; for t in $(TESTS); do \
	  echo "# $$t (ASan+UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  CMOCKA_MESSAGE_OUTPUT=TAP MHICL=$(BUILD)/asan/mhicl MHICL_QUICK=1 $(BUILD)/asan/tests/$$t || status=1; \
	done; exit $$status

# Tangle into a scratch copy and compare with the committed generated/ sources.
check-generated:
	@tmp=$$(mktemp -d); mkdir -p $$tmp/generated; cp -r mhicl.w chapters $$tmp/; \
	(cd $$tmp && for c in chapters/*.w; do grep -q '^@(' $$c || continue; ctangle -q $$c - main.c >/dev/null || exit 1; done) || { rm -rf $$tmp; exit 1; }; \
	status=0; for f in $(notdir $(GEN)); do \
	  cmp -s $$tmp/generated/$$f generated/$$f || { echo "generated/$$f is stale: run make and commit it"; status=1; }; \
	done; rm -rf $$tmp; \
	[ $$status -eq 0 ] && echo "generated/ is fresh"; exit $$status

# Planted bugs, one at a time, in a scratch copy of the tree (tools/mutate.sh has the list); not
# part of check.  About 40 minutes on 2 shared cores; MUTATE_ALL=1 runs every test binary per bug.
mutate:
	sh tools/mutate.sh

# The book.  pdftex needs the CSVs the figures read, which are committed in generated/.
pdf: mhicl.pdf
mhicl.pdf: mhicl.w $(CHAPTERS) tex/mhiclmac.tex $(wildcard generated/*.csv generated/*/*.csv)
	mkdir -p $(BUILD)
	cweave -q mhicl.w
	sh tools/index-trim.sh mhicl.idx
	@# Twice: the contents at the front, the section and figure numbers that the text cites are
	@# read from the previous run (mhicl.toc, mhicl.fig).
	for pass in 1 2; do \
	  pdftex -interaction=nonstopmode -halt-on-error mhicl.tex > $(BUILD)/pdftex.log 2>&1 || \
	    { grep -A3 '^!' mhicl.log; exit 1; }; \
	done
	@if grep -q '^!' mhicl.log; then grep -A3 '^!' mhicl.log; exit 1; fi
	@echo "wrote mhicl.pdf"

# The woven book prints the code as written and nothing sticks out of the page (tools/weave-check.sh).
check-weave: mhicl.pdf
	sh tools/weave-check.sh

figures: mhicl
	./mhicl risk --threads 2 --out generated/risk_vs_n.csv
	./mhicl heads --d 16 --s 2 --n 80 --out generated/risk_vs_heads.csv
	./mhicl compare --out generated/trained_vs_constructed.csv
	./mhicl softmax flow --out generated/he2025-flow.csv
	./mhicl softmax risk --out generated/he2025-estimators.csv

# The reproduction of Chen et al.: the runs go to build/, the joined CSVs the book's figures read
# are copied into generated/ (commit them).  Quick, two seeds: about 17 minutes on 2 cores;
# paper (theory family, two seeds): about 95 minutes; the paper scale's GPT-2 family is not run by this target.
chen-quick: mhicl
	./mhicl reproduce chen --scale quick --seeds 2 --out $(BUILD)/chen-quick
	mkdir -p generated/chen-quick && cp $(BUILD)/chen-quick/chen_*.csv generated/chen-quick/

chen-quick-gpt2: mhicl
	./mhicl reproduce chen --scale quick --family gpt2 --seeds 1 --out $(BUILD)/chen-quick-gpt2
	mkdir -p generated/chen-quick-gpt2 && cp $(BUILD)/chen-quick-gpt2/chen_*.csv generated/chen-quick-gpt2/

# GPT-2-family models of the quick grid (d = 8), trained longer than the grid trains them, then
# analyzed with the quick scale's prompt counts; one thread each, so make -j2 runs two at once.
# A model is named like L2_H4_seed0; LONG_L2_H4 gives its shape and steps.
GPT2_LONG = --format interleaved --attention softmax --d_model 32 --d_head 8 --mlp 1 --layernorm 1 \
  --pos_embed 1 --attn_bias 1 --d 8 --s 2 --beta sparse --b 1 --sigma 0.1 --n 21 --batch 64 \
  --lr 0.001 --clip 1 --warmup 200 --schedule cosine --loss prefixes --eval_every 2500 \
  --eval_prompts 512 --checkpoint_every 2500 --threads 1
LONG = $(BUILD)/gpt2-long
LONG_MODELS = L2_H4_seed0 L3_H8_seed0 L2_H4_seed1 L2_H8_seed0
LONG_L2_H4 = --layers 2 --heads 4 --steps 100000
LONG_L3_H8 = --layers 3 --heads 8 --steps 50000
LONG_L2_H8 = --layers 2 --heads 8 --steps 40000
long_shape = $(word 1,$(subst _seed, ,$(1)))
long_seed = $(word 2,$(subst _seed, ,$(1)))
long_ckpt = $(LONG)/gpt2_$(call long_shape,$(1))_sigma0.1_seed$(call long_seed,$(1)).ckpt
# A stamp marks a finished model; an interrupted one resumes from its checkpoint.
$(LONG)/%.done: | mhicl
	mkdir -p $(LONG)
	if [ -f $(call long_ckpt,$*) ]; then ./mhicl train --resume $(call long_ckpt,$*); \
	else ./mhicl train $(GPT2_LONG) $(LONG_$(call long_shape,$*)) --seed $(call long_seed,$*) \
	  --log $(LONG)/$*.log.csv --checkpoint $(call long_ckpt,$*); fi
	touch $@
gpt2-long: $(LONG_MODELS:%=$(LONG)/%.done)
	for m in $(LONG_MODELS); do \
	  ./mhicl reproduce chen --analyze $(LONG)/gpt2_$$(echo $$m | sed 's/_seed/_sigma0.1_seed/').ckpt \
	    --out $(LONG) || exit 1; done
	mkdir -p generated/gpt2-long && cp $(LONG)/*.log.csv $(LONG)/runs/*.csv generated/gpt2-long/

# The experiments on He et al.'s trained layer (chapters/he2025.w): runs in build/, the joined CSVs
# the book reads copied into generated/he2025-quick/ (commit them).
he-quick: mhicl
	./mhicl reproduce he --scale quick --seeds 2 --threads 2 --out $(BUILD)/he-quick
	mkdir -p generated/he2025-quick && cp $(BUILD)/he-quick/he_*.csv generated/he2025-quick/

he-paper: mhicl
	./mhicl reproduce he --scale paper --seeds 3 --threads 2 --out $(BUILD)/he-paper
	mkdir -p generated/he2025-paper && cp $(BUILD)/he-paper/he_*.csv generated/he2025-paper/

chen-paper: mhicl
	./mhicl reproduce chen --scale paper --family theory --seeds 2 --out $(BUILD)/chen-paper
	mkdir -p generated/chen-paper && cp $(BUILD)/chen-paper/chen_*.csv generated/chen-paper/

# The trained retrieval models (Musat 2024): the runs go to build/, the joined CSVs into
# generated/ (commit them).  Quick, three seeds (18 models): 33 minutes on 2 shared cores (15 minutes
# of CPU).  Paper (four heads, d_model 128, 20000 steps, t = 4 added; 30 models): the units' own
# times add up to 5.1 hours on 2 cores (measurements appendix), about a day on heavily shared ones.
# After the grid, models of two chains in order are analyzed by layout (musat chapter, "How two
# layers answer at depth two"): where the root is carried, with the test of one accuracy for all
# layouts, and the accuracy at each position, for every model named in $(2); the reads of every
# head, for the models named in $(3).
define musat_layouts
	for u in $(sort $(2) $(3)); do for s in 0 1 2; do ./mhicl reproduce musat --analyze \
	  $(BUILD)/musat-$(1)/runs/$${u}_seed$$s.ckpt --out $(BUILD)/musat-$(1)/layout-$${u}_seed$$s || exit 1; done; done
	awk 'FNR > 1 || NR == 1' $(foreach u,$(3),$(BUILD)/musat-$(1)/layout-$(u)_seed[012]/runs/analyze.layout.csv) \
	  > generated/musat2024-$(1)/musat_layout.csv.tmp && mv generated/musat2024-$(1)/musat_layout.csv.tmp \
	  generated/musat2024-$(1)/musat_layout.csv
	awk 'FNR > 1 || NR == 1' $(foreach u,$(2),$(BUILD)/musat-$(1)/layout-$(u)_seed[012]/runs/analyze.carry.csv) \
	  > generated/musat2024-$(1)/musat_carry.csv.tmp && mv generated/musat2024-$(1)/musat_carry.csv.tmp \
	  generated/musat2024-$(1)/musat_carry.csv
	awk 'FNR > 1 || NR == 1' $(foreach u,$(2),$(BUILD)/musat-$(1)/layout-$(u)_seed[012]/runs/analyze.position.csv) \
	  > generated/musat2024-$(1)/musat_position.csv.tmp && mv generated/musat2024-$(1)/musat_position.csv.tmp \
	  generated/musat2024-$(1)/musat_position.csv
endef

musat-quick: mhicl
	./mhicl reproduce musat --scale quick --seeds 3 --out $(BUILD)/musat-quick
	mkdir -p generated/musat2024-quick && cp $(BUILD)/musat-quick/musat_*.csv generated/musat2024-quick/
	$(call musat_layouts,quick,ic_L2_D2 ic_L3_D3 ic_L3_D4,ic_L2_D2)

# The comparison of IC and no IC at the paper scale alone: its six units of t = 3, D = 3 (about an
# hour on two idle cores), run in the paper grid's directory, so that make musat-paper skips them.
MUSAT_PAPER_IC = $(foreach v,ic noic,$(foreach s,0 1 2,$(v)_L3_D3_seed$(s)))
musat-paper-ic: mhicl
	for u in $(MUSAT_PAPER_IC); do ./mhicl reproduce musat --scale paper --seeds 3 --threads 2 \
	  --out $(BUILD)/musat-paper --unit $$u || exit 1; done
	mkdir -p generated/musat2024-paper/ic
	awk 'FNR > 1 || NR == 1' $(MUSAT_PAPER_IC:%=$(BUILD)/musat-paper/runs/%.acc.csv) \
	  > generated/musat2024-paper/ic/musat_acc.csv.tmp && mv generated/musat2024-paper/ic/musat_acc.csv.tmp \
	  generated/musat2024-paper/ic/musat_acc.csv

musat-paper: mhicl
	./mhicl reproduce musat --scale paper --seeds 3 --out $(BUILD)/musat-paper
	mkdir -p generated/musat2024-paper && cp $(BUILD)/musat-paper/musat_*.csv generated/musat2024-paper/
	$(call musat_layouts,paper,ic_L2_D2 ic_L3_D3 ic_L3_D4 ic_L4_D4,ic_L1_D1 ic_L2_D2)

demo: mhicl
	sh tools/demo.sh 2

bench: mhicl
	sh bench/run.sh

clean:
	rm -rf $(BUILD) mhicl mhicl.tex mhicl.idx mhicl.idx.tmp mhicl.scn mhicl.toc mhicl.log mhicl.pdf mhicl.pgf mhicl.fig
